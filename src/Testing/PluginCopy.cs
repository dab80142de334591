namespace Kairos.Testing;

/// <summary>Copies one plugin's folder (its build output) into a plugins folder in the layout the host reads.</summary>
internal static class PluginCopy
{
    public static string Into(string pluginFolder, string pluginsPath)
    {
        var source = Path.GetFullPath(pluginFolder);
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"plugin folder '{pluginFolder}' does not exist (looked at '{source}'): expected a plugin's build output folder");
        }
        var deps = Directory.GetFiles(source, "*.deps.json");
        var name = deps.Length == 1 ? Path.GetFileName(deps[0])[..^".deps.json".Length] : Path.GetFileName(source.TrimEnd(Path.DirectorySeparatorChar));
        var target = Path.Combine(pluginsPath, name);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        return target;
    }
}
