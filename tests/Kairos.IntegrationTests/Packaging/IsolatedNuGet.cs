namespace Kairos.IntegrationTests.Packaging;

/// <summary>
/// A folder whose restores see only a local feed and the machine's own NuGet sources: a NuGet.config there clears
/// every other source, and the packages go to a private NUGET_PACKAGES with the user's packages folder as a read-only
/// fallback, so nothing is downloaded again and nothing of the test lands in the user's cache.
/// </summary>
internal static class IsolatedNuGet
{
    /// <summary>Writes <paramref name="folder"/>/NuGet.config and returns the environment every dotnet command there needs.</summary>
    public static async Task<IReadOnlyDictionary<string, string>> PrepareAsync(string folder, string feed, string packages)
    {
        // Listed before the NuGet.config exists: the machine's (the user's) configuration.
        var listed = await DotnetCommand.RunAsync("dotnet", ["nuget", "list", "source", "--format", "short"], folder);
        var machine = listed.Split('\n', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(line => line.StartsWith("E ", StringComparison.Ordinal))
            .Select((line, i) => $"""    <add key="machine-{i}" value="{line[2..].Trim()}" />""");
        var userPackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(Path.Combine(folder, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="kairos-local" value="{feed}" />
            {string.Join("\n", machine)}
              </packageSources>
              <fallbackPackageFolders>
                <clear />
                <add key="user-packages" value="{userPackages}" />
              </fallbackPackageFolders>
            </configuration>
            """);
        return new Dictionary<string, string> { ["NUGET_PACKAGES"] = packages };
    }
}
