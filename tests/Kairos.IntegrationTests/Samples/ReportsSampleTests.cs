using System.Text.Json;
using Kairos.IntegrationTests.Cluster;
using Kairos.IntegrationTests.Hosting;
using Kairos.IntegrationTests.Readme;

namespace Kairos.IntegrationTests.Samples;

/// <summary>
/// The Reports sample plugin (plugins/samples/Reports) on a real host: reports.collect chains into reports.publish with
/// data through the run's <see cref="IScheduler"/>, and the plugin's own listener reports a failed run of any job.
/// </summary>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ReportsSampleTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-reports-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    [Fact]
    public async Task Collect_TriggersPublishWithWhatItCounted_AndThePluginsListenerReportsAFailedRun()
    {
        var plugins = Path.Combine(_root, "plugins");
        CopyFolder(Path.Combine(ReadmeFile.RepositoryRoot, "plugins", "Reports"), Path.Combine(plugins, "Reports"));
        var folder = Path.Combine(_root, "reports-data");
        Directory.CreateDirectory(Path.Combine(folder, "inbox"));
        await File.WriteAllTextAsync(Path.Combine(folder, "inbox", "a.txt"), "a");
        using var host = HostProcess.Start("reports", ClusterHarness.KairosDll,
            ["run", "--db", Db, "--plugins", plugins, "--scripts", Path.Combine(_root, "scripts")],
            new Dictionary<string, string>
            {
                ["KAIROS_NodeId"] = "reports", ["KAIROS_Plugins__Reports__DataFolder"] = folder,
                // Only the test's own runs: collect's every-two-minutes cron would add a collect and a publish when the
                // test straddles an even minute (it failed so in CI); moved to 29 February, midnight, by an override.
                ["KAIROS_Jobs__reports.collect__Triggers__default__Cron"] = "0 0 29 2 *",
            }, _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));

        var (collectExit, collectOut, collectError) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "trigger", "reports.collect", "--db", Db);
        Assert.True(collectExit == 0, collectError);
        await host.WaitForOutputAsync("Wrote ", TimeSpan.FromSeconds(60));
        var (failExit, _, failError) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "trigger", "reports.publish", "--db", Db);
        Assert.True(failExit == 0, failError);
        await host.WaitForOutputAsync("Reported: ", TimeSpan.FromSeconds(60));
        var (_, history, _) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "history", "reports.publish", "--json", "--db", Db);
        host.Stop(TimeSpan.FromSeconds(30));

        var runs = JsonDocument.Parse(history).RootElement.EnumerateArray().ToList();
        var published = Assert.Single(runs, r => r.GetProperty("status").GetString() == "succeeded");
        var failed = Assert.Single(runs, r => r.GetProperty("status").GetString() == "failed");
        var report = Assert.Single(Directory.GetFiles(Path.Combine(folder, "reports")));
        var data = JsonDocument.Parse(await File.ReadAllTextAsync(report)).RootElement;
        Assert.Equal(1, data.GetProperty("Files").GetInt32());
        Assert.Contains(collectOut.Split(' ', '\n')[2].Trim(), data.GetProperty("CollectedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal("manual", published.GetProperty("triggerKey").GetString());
        var failure = Assert.Single(await File.ReadAllLinesAsync(Path.Combine(folder, "failures.log")));
        Assert.Contains($"reports.publish run {failed.GetProperty("id").GetString()} Failed on reports: System.InvalidOperationException: run ", failure, StringComparison.Ordinal);
    }

    private static void CopyFolder(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}
