using Kairos.Host.Sources;

namespace Kairos.Host.Plugins.Discovery;

/// <summary>
/// Finds the plugins in a plugins folder. A plugin is either a folder <c>NAME/</c> holding <c>NAME.dll</c> (or,
/// when the main assembly is named otherwise, exactly one <c>*.deps.json</c> naming it), or a single <c>NAME.dll</c>
/// directly in the plugins folder. Entries whose name starts with '.' are staging areas and are skipped, and so are
/// folders without any assembly at their top (for example <c>samples/</c>, which holds plugin sources).
/// </summary>
internal static class PluginLayout
{
    public static IReadOnlyList<PluginCandidate> Discover(string root)
    {
        var found = new SortedDictionary<string, PluginCandidate>(StringComparer.Ordinal);
        if (!Directory.Exists(root))
        {
            return [];
        }
        foreach (var folder in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(folder);
            if (!HiddenNames.IsHidden(name) && TryReadFolder(folder, name) is { } candidate)
            {
                found[name] = candidate;
            }
        }
        foreach (var file in Directory.EnumerateFiles(root, "*.dll"))
        {
            var name = Path.GetFileNameWithoutExtension(file);
            if (!HiddenNames.IsHidden(name))
            {
                // A folder of the same name wins: it is the recommended layout and carries the dependencies.
                found.TryAdd(name, new PluginCandidate(name, PluginLayoutKind.SingleFile, file, file, null));
            }
        }
        return [.. found.Values];
    }

    private static PluginCandidate? TryReadFolder(string folder, string name)
    {
        var main = Path.Combine(folder, name + ".dll");
        if (File.Exists(main))
        {
            return new PluginCandidate(name, PluginLayoutKind.Folder, folder, main, null);
        }
        var deps = Directory.GetFiles(folder, "*.deps.json");
        if (deps.Length == 1)
        {
            var named = deps[0][..^".deps.json".Length] + ".dll";
            if (File.Exists(named))
            {
                return new PluginCandidate(name, PluginLayoutKind.Folder, folder, named, null);
            }
        }
        if (Directory.EnumerateFiles(folder, "*.dll").Any())
        {
            var problem = deps.Length > 1
                ? $"{deps.Length} .deps.json files and no {name}.dll: name the main assembly {name}.dll or keep one .deps.json"
                : $"no {name}.dll and no .deps.json naming the main assembly: name the folder after the plugin's main assembly";
            return new PluginCandidate(name, PluginLayoutKind.Folder, folder, null, problem);
        }
        return null;
    }
}
