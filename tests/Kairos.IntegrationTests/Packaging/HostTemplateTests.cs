using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Packaging;

/// <summary><c>dotnet new kairos-host</c>: a console app on the Kairos.Hosting package that builds and fires its job.</summary>
[Collection(PackagingTestGroup.Name)]
public sealed class HostTemplateTests(LocalFeed feed)
{
    [Fact]
    public async Task TheHostTemplate_BuildsOnThePackage_AndFiresItsJobSoonAfterStart()
    {
        var work = Directory.CreateDirectory(Path.Combine(feed.WorkPath, "host")).FullName;
        await feed.NewAsync(work, "kairos-host", "-n", "Worker");
        var app = Path.Combine(work, "Worker");
        Assert.Contains($"""<PackageReference Include="Kairos.Hosting" Version="{feed.Version}" />""",
            await File.ReadAllTextAsync(Path.Combine(app, "Worker.csproj")), StringComparison.Ordinal);

        await DotnetCommand.RunAsync("dotnet", ["build", "--nologo", "-v", "q"], app, feed.Environment);

        // kairos.json gives the job worker.hello an interval of 5 s: its first fire is 5 s after the first start.
        using var process = HostProcess.Start("worker", Path.Combine(app, "bin", "Debug", "net10.0", "Worker.dll"), [], workingDirectory: app);
        await process.WaitForOutputAsync("Hello from Worker", TimeSpan.FromSeconds(60));
        process.Stop(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        Assert.True(File.Exists(Path.Combine(app, "data", "worker.db")), "the app kept no store at data/worker.db (kairos.json)");
    }
}
