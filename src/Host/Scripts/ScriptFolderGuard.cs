namespace Kairos.Host.Scripts;

/// <summary>
/// Scripts run with the host's full trust, so a script folder or file that any other user can write to is refused
/// (on Unix: the "others may write" bit). Returns why, or <see langword="null"/> when the path is acceptable.
/// </summary>
internal static class ScriptFolderGuard
{
    public static string? Refusal(string path)
    {
        if (OperatingSystem.IsWindows() || !Path.Exists(path))
        {
            return null;
        }
        var mode = File.GetUnixFileMode(path);
        if ((mode & UnixFileMode.OtherWrite) == 0)
        {
            return null;
        }
        return $"'{path}' is writable by every user (mode {Convert.ToString((int)mode & 0x1FF, 8)}): scripts run with the host's full trust, " +
            $"so Kairos does not load them from there; run 'chmod o-w {path}'";
    }

    /// <summary>Checks the file and every folder between it and the scripts folder.</summary>
    public static string? RefusalFor(string file, string root)
    {
        for (var path = file; path is not null && path.Length > root.Length; path = Path.GetDirectoryName(path))
        {
            if (Refusal(path) is { } reason)
            {
                return reason;
            }
        }
        return null;
    }
}
