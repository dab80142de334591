namespace Kairos.Host.Plugins.Discovery;

/// <summary>How a plugin is laid out in the plugins folder.</summary>
internal enum PluginLayoutKind
{
    /// <summary><c>plugins/NAME/NAME.dll</c> with its dependencies and <c>.deps.json</c>: the recommended way.</summary>
    Folder,

    /// <summary><c>plugins/NAME.dll</c>: a plugin without dependencies of its own.</summary>
    SingleFile,
}

/// <summary>
/// One plugin found in the plugins folder: its name (which makes its source <c>plugin:NAME</c>), where it is and
/// which files belong to it. <paramref name="Problem"/> is set when the folder holds assemblies but no main one.
/// </summary>
internal sealed record PluginCandidate(
    string Name,
    PluginLayoutKind Kind,
    string Location,
    string? MainAssemblyPath,
    string? Problem)
{
    public string Source => PluginSource.For(Name);

    /// <summary>The files of the plugin, as full paths; a folder plugin owns every file below its folder.</summary>
    public IReadOnlyList<string> EnumerateFiles()
    {
        if (Kind == PluginLayoutKind.Folder)
        {
            return [.. Directory.EnumerateFiles(Location, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal)];
        }
        var pdb = Path.ChangeExtension(Location, ".pdb");
        return File.Exists(pdb) ? [Location, pdb] : [Location];
    }

    /// <summary>The plugins folder the plugin was found in.</summary>
    public string PluginsFolder => Path.GetDirectoryName(Location)!;

    /// <summary>The root the relative paths of <see cref="EnumerateFiles"/> are taken from.</summary>
    public string FilesRoot => Kind == PluginLayoutKind.Folder ? Location : Path.GetDirectoryName(Location)!;
}
