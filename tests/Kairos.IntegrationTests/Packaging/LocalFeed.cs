using System.Globalization;
using System.IO.Compression;
using Kairos.IntegrationTests.Readme;

namespace Kairos.IntegrationTests.Packaging;

/// <summary>
/// Every package of this build in a local folder feed, once for all packaging tests, under a version no other run uses
/// (0.1.0-tTICKS), and a folder that sees only that feed and the machine's own NuGet sources (<see cref="IsolatedNuGet"/>),
/// with the templates installed into a private template hive and the tool into a tool path of its own.
/// </summary>
public sealed class LocalFeed : IAsyncLifetime
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("kairos-feed-");

    public string Version { get; } = "0.1.0-t" + DateTime.UtcNow.Ticks.ToString(CultureInfo.InvariantCulture);

    public string FeedPath => Path.Combine(_root.FullName, "feed");

    /// <summary>Where the tests create their projects: its NuGet.config applies to everything below it.</summary>
    public string WorkPath => Path.Combine(_root.FullName, "work");

    public string TemplateHive => Path.Combine(_root.FullName, "hive");

    /// <summary>The installed tool's command.</summary>
    public string Kairos => Path.Combine(_root.FullName, "tools", "kairos");

    /// <summary>What every dotnet command of a test runs with: the private packages folder.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        var repository = ReadmeFile.RepositoryRoot;
        var configuration = ReadmeFile.Configuration;
        Directory.CreateDirectory(FeedPath);
        Directory.CreateDirectory(WorkPath);

        // The solution was built before the tests, and other tests run its outputs: pack those outputs as they are
        // (--no-build), and publish the tool's files outside src/Host/bin.
        await DotnetCommand.RunAsync("dotnet", [
            "pack", Path.Combine(repository, "Plugins.sln"), "--no-build", "-c", configuration, "--nologo", "-v", "q",
            $"-p:Version={Version}", $"-p:PublishDir={Path.Combine(_root.FullName, "tool-publish")}/", "-o", FeedPath], repository);
        // The templates have nothing to compile; their pack substitutes this version into the generated projects.
        await DotnetCommand.RunAsync("dotnet", [
            "pack", Path.Combine(repository, "templates", "Kairos.Templates.csproj"), "-c", configuration, "--nologo", "-v", "q",
            $"-p:Version={Version}", "-o", FeedPath], repository);
        foreach (var package in new[] { "Kairos.Abstractions", "Kairos.Hosting", "Kairos.AspNetCore", "Kairos.Testing", "Kairos.Tool", "Kairos.Templates" })
        {
            Assert.True(File.Exists(Path.Combine(FeedPath, $"{package}.{Version}.nupkg")),
                $"no {package}.{Version}.nupkg in the feed: {string.Join(", ", Directory.GetFiles(FeedPath).Select(Path.GetFileName))}");
        }

        // The tool is the host only: the sample plugins that a build of src/Host deploys (plugins/Plugins.targets) stay out.
        using (var tool = ZipFile.OpenRead(Path.Combine(FeedPath, $"Kairos.Tool.{Version}.nupkg")))
        {
            var samples = tool.Entries.Select(e => e.FullName)
                .Where(name => name.Contains("SessionCleanup", StringComparison.Ordinal) || name.Contains("Subscriptions", StringComparison.Ordinal) || name.Contains("Newtonsoft", StringComparison.Ordinal))
                .ToList();
            Assert.True(samples.Count == 0, $"the tool package holds sample plugin files: {string.Join(", ", samples)}");
        }

        Environment = await IsolatedNuGet.PrepareAsync(WorkPath, FeedPath, Path.Combine(_root.FullName, "packages"));
        await DotnetCommand.RunAsync("dotnet", [
            "new", "install", Path.Combine(FeedPath, $"Kairos.Templates.{Version}.nupkg"), "--debug:custom-hive", TemplateHive], WorkPath, Environment);
        await DotnetCommand.RunAsync("dotnet", [
            "tool", "install", "Kairos.Tool", "--version", Version, "--tool-path", Path.GetDirectoryName(Kairos)!,
            "--configfile", Path.Combine(WorkPath, "NuGet.config")], WorkPath, Environment);
    }

    /// <summary>Runs <c>dotnet new TEMPLATE ARGS</c> from the private hive.</summary>
    public Task<string> NewAsync(string workingDirectory, params string[] arguments) =>
        DotnetCommand.RunAsync("dotnet", ["new", .. arguments, "--debug:custom-hive", TemplateHive, "--no-update-check"], workingDirectory, Environment);

    public Task DisposeAsync()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A build server or a host that outlived its test may still hold a file; the temp folder is left then.
        }
        return Task.CompletedTask;
    }
}
