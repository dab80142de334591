using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Readme;

/// <summary>
/// "Embedding" as written: the README's project file and Program.cs in a folder outside the repository, referencing
/// this repository's host project, built by the SDK and run as a process until its job fires.
/// </summary>
[Collection(ReadmeTestGroup.Name)]
public sealed class ReadmeEmbeddingTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kairos-readme-app-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task TheAppOfTheReadme_RunsItsJob_WithNoPluginsScriptsOrControlApi()
    {
        var app = Directory.CreateDirectory(Path.Combine(_work.FullName, "App")).FullName;
        await File.WriteAllTextAsync(Path.Combine(app, "App.csproj"), ReadmeFile.Block("embedding-csproj"));
        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), ReadmeFile.Block("embedding-program"));
        // The host project is already built with the tests: compile against that build instead of building it again.
        await Shell.RunAsync(
            $"dotnet build -c {ReadmeFile.Configuration} -p:BuildProjectReferences=false --nologo -v q",
            app,
            new Dictionary<string, string> { ["KAIROS"] = ReadmeFile.RepositoryRoot });

        using var process = HostProcess.Start("app", Path.Combine(app, "bin", ReadmeFile.Configuration, "net10.0", "App.dll"), [], workingDirectory: app);
        await process.WaitForOutputAsync("The app is alive at", TimeSpan.FromSeconds(90));
        // Seconds after start: a control API would have written its endpoint beside the store by now.
        var endpoint = File.Exists(Path.Combine(app, "data", "app.db.endpoint"));
        process.Stop(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        Assert.True(File.Exists(Path.Combine(app, "data", "app.db")));
        Assert.False(Directory.Exists(Path.Combine(app, "plugins")), "the app created and watched ./plugins");
        Assert.False(Directory.Exists(Path.Combine(app, "scripts")), "the app created and watched ./scripts");
        Assert.False(endpoint, "the app opened the control API");
    }
}
