using System.Diagnostics;
using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The real <c>kairos run</c> process stopped by Ctrl-C (SIGINT) or SIGTERM while a job runs: the host stops
/// claiming, lets the run finish within <c>ShutdownGrace</c>, records its outcome, releases the fires it had claimed
/// ahead, and only then exits, with 0 (issue #18: it exited after 2 s with the run left 'running').
/// </summary>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class GracefulStopTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-stop-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public async Task ASignal_LetsTheRunningJobFinish_RecordsIt_AndReleasesTheFiresClaimedAhead(string signal)
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        await File.WriteAllTextAsync(Path.Combine(_root, "scripts", "slow.csx"), """
            // kairos: id = test.slow
            // kairos: interval = 4s
            Logger.LogInformation("slow run started at {Scheduled:O}", ScheduledUtc);
            await Task.Delay(TimeSpan.FromSeconds(3.5), CancellationToken);
            Logger.LogInformation("slow run done");
            """);
        using var host = HostProcess.Start("stopper", ClusterHarness.KairosDll,
            ["run", "--db", Db, "--create", "--scripts", Path.Combine(_root, "scripts"), "--plugins", ""],
            // Fires are claimed 5 s ahead, so when the signal comes the next fire is already claimed and pending.
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "stopper", ["KAIROS_ClaimAhead"] = "00:00:05" },
            _root);
        await host.WaitForOutputAsync("slow run started", TimeSpan.FromSeconds(120));

        var stopping = Stopwatch.StartNew();
        host.Signal(signal);
        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(30)), $"the host did not exit within 30 s of SIG{signal}:\n{host.Output}");

        Assert.True(host.ExitCode == 0, $"exit code {host.ExitCode} after SIG{signal} ({stopping.Elapsed.TotalSeconds:F1} s):\n{host.Output}");
        Assert.Contains("slow run done", host.Output);
        var history = await HistoryAsync();
        Assert.DoesNotContain(history, r => r.Status == "running");
        var succeeded = Assert.Single(history, r => r.Status == "succeeded");
        Assert.Equal("stopper", succeeded.Node);
        Assert.All(history.Where(r => r.Status == "pending"), r => Assert.Null(r.Node));
    }

    private async Task<List<HistoryRow>> HistoryAsync()
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "history", "test.slow", "--json", "--limit", "100", "--db", Db);
        Assert.True(exit == 0, $"history failed ({exit}): {stderr}");
        return JsonSerializer.Deserialize<List<HistoryRow>>(stdout, Web)!;
    }

    private sealed record HistoryRow(string Id, string Status, DateTimeOffset ScheduledUtc, int Attempt, string? Node);
}
