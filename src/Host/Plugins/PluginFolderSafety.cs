namespace Kairos.Host.Plugins;

/// <summary>
/// Plugins run with the host's full trust, so the host refuses plugins that other users could have written
/// (a folder or file with the "others may write" permission on Unix).
/// </summary>
internal static class PluginFolderSafety
{
    public static bool IsWritableByOthers(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return false;
        }
        return (File.GetUnixFileMode(path) & UnixFileMode.OtherWrite) != 0;
    }
}
