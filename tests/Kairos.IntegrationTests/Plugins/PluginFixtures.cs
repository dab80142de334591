using System.Reflection;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// Where the fixture plugins (tests/Fixtures/Plugins) and sample plugins (plugins/samples) were built; the test
/// project builds them and records each output folder (PluginFixtures.targets).
/// </summary>
internal static class PluginFixtures
{
    private static readonly Dictionary<string, string> Outputs = typeof(PluginFixtures).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("PluginFixture:", StringComparison.Ordinal))
        .ToDictionary(a => a.Key["PluginFixture:".Length..], a => a.Value!, StringComparer.Ordinal);

    /// <summary>The sample plugins (plugins/samples/NAME), by project name.</summary>
    public static IReadOnlyList<string> Samples { get; } = [.. typeof(PluginFixtures).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Where(a => a.Key.StartsWith("PluginSample:", StringComparison.Ordinal))
        .Select(a => a.Value!)
        .Order(StringComparer.Ordinal)];

    public static string OutputOf(string project) =>
        Outputs.TryGetValue(project, out var folder) && Directory.Exists(folder)
            ? folder
            : throw new InvalidOperationException($"fixture plugin '{project}' was not built; known: {string.Join(", ", Outputs.Keys)}");

    /// <summary>Copies a built plugin into <paramref name="pluginsFolder"/>/<paramref name="name"/>/, over what is there.</summary>
    public static string Deploy(string project, string pluginsFolder, string? name = null)
    {
        var source = OutputOf(project);
        var target = Path.Combine(pluginsFolder, name ?? project);
        foreach (var file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination, overwrite: true);
        }
        return target;
    }
}
