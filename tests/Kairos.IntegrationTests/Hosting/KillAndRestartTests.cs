using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>The real <c>kairos</c> process on a LiteDB store: killed mid-run with SIGKILL, restarted, checked through the CLI.</summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class KillAndRestartTests : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-kill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private HostProcess StartHost(string name) => HostProcess.Start(name, KairosDll,
        ["run", "--db", Db, "--create", "--scripts", Path.Combine(_root, "scripts"), "--plugins", Path.Combine(_root, "plugins")],
        // The crash-loop guard is lifted: these hosts die with the same fire in flight again and again on purpose.
        new Dictionary<string, string> { ["KAIROS_NodeId"] = name, ["KAIROS_LeaseDuration"] = "00:00:05", ["KAIROS_HostDeathLimit"] = "1000" },
        _root);

    [Fact]
    public async Task HostsKilledAtRandomMoments_IncludingDuringRecovery_LoseNoRerun_AndRunNoFireAttemptTwice()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_root, "plugins"));
        await File.WriteAllTextAsync(Path.Combine(_root, "scripts", "work.csx"), """
            // kairos: id = test.work
            // kairos: interval = 1s
            // kairos: recovery = rerun
            // kairos: overlap = allow
            // kairos: max-concurrency = 4
            Logger.LogInformation("work run started");
            await Task.Delay(TimeSpan.FromMilliseconds(700), CancellationToken);
            Logger.LogInformation("work run done");
            """);
        using (var first = StartHost("warm"))
        {
            await first.WaitForOutputAsync("work run done", TimeSpan.FromSeconds(120)); // compiles the script once (cache)
            first.Kill();
        }
        // Kills from the moment the process starts (the restarted host marks the dead one's runs interrupted and
        // writes their re-runs in its first second) to well into its work, at seeded random moments. Every third host
        // is killed at a random moment after one of its runs started, so runs are in flight at some kills however slowly
        // a loaded machine starts the process (moments counted from the start alone all fell before the first run then).
        var random = new Random(18);
        for (var cycle = 0; cycle < 12; cycle++)
        {
            using var host = StartHost($"kill-{cycle}");
            if (cycle % 3 == 2)
            {
                await host.WaitForOutputAsync("work run started", TimeSpan.FromSeconds(120));
            }
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(0, cycle % 3 == 2 ? 600 : 2500)), TimeProvider.System);
            host.Kill();
        }

        using var last = StartHost("last");
        var history = await WaitForHistoryAsync(h => h.Where(r => r.Status == "interrupted").All(r => HasNextAttempt(h, r)),
            "every interrupted run to have its re-run", TimeSpan.FromSeconds(90), "test.work");
        last.Stop(TimeSpan.FromSeconds(30));

        Assert.Contains(history, r => r.Status == "interrupted");
        var attempts = history.Where(r => r.Status is not "misfired").Select(r => (r.ScheduledUtc, r.Attempt)).ToList();
        Assert.Equal(attempts.Count, attempts.Distinct().Count());
    }

    private static bool HasNextAttempt(List<HistoryRow> history, HistoryRow run) =>
        history.Any(r => r.ScheduledUtc == run.ScheduledUtc && r.Attempt == run.Attempt + 1);

    [Fact]
    public async Task KilledHost_LeavesAnInterruptedRun_ThatTheRestartedHostReruns_WithNoFireRunTwice()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        Directory.CreateDirectory(Path.Combine(_root, "plugins"));
        await File.WriteAllTextAsync(Path.Combine(_root, "scripts", "slow.csx"), """
            // kairos: id = test.slow
            // kairos: interval = 3s
            // kairos: recovery = rerun
            Logger.LogInformation("slow run {Attempt} started", Attempt);
            await Task.Delay(TimeSpan.FromSeconds(6), CancellationToken);
            Logger.LogInformation("slow run {Attempt} done", Attempt);
            """);

        using (var first = StartHost("first"))
        {
            await first.WaitForOutputAsync("slow run 1 done", TimeSpan.FromSeconds(120));
            await first.WaitForOutputAsync("slow run 1 started", TimeSpan.FromSeconds(30), after: "slow run 1 done");
            // A run's start and outcome are written a few milliseconds behind its output: kill only once the store shows
            // this second fire running (a host killed before that leaves the fire pending, and the next host runs it as
            // the same attempt) and the first one ended (while its outcome is unwritten, it is the run that looks running).
            // The run lasts 6 s (the fires in between are skipped), so the kill lands while it runs even when the CLI's
            // answer takes seconds on a loaded machine (with 2 s, it once ended first: no run was left interrupted).
            await WaitForHistoryAsync(h => h.Any(r => r.Status == "running" && h.Any(e => e.Status == "succeeded" && e.ScheduledUtc < r.ScheduledUtc)),
                "the second fire to be recorded running after the first one's success", TimeSpan.FromSeconds(30));
            first.Kill();
        }

        using (var second = StartHost("second"))
        {
            await second.WaitForOutputAsync("slow run 2 done", TimeSpan.FromSeconds(120));
            // The job prints 'done' before it returns and its outcome is written: wait for the record itself.
            var history = await WaitForHistoryAsync(h => h.Any(r => r.Attempt == 2 && r.Status == "succeeded"), "the re-run to be recorded succeeded", TimeSpan.FromSeconds(30));
            second.Stop(TimeSpan.FromSeconds(30));

            var interrupted = Assert.Single(history, r => r.Status == "interrupted");
            Assert.Equal("first", interrupted.Node);
            var rerun = Assert.Single(history, r => r.Attempt == 2);
            Assert.Equal(interrupted.ScheduledUtc, rerun.ScheduledUtc);
            Assert.Equal("second", rerun.Node);
            // Exactly one record per fire and attempt: nothing ran twice.
            var fires = history.Where(r => r.Status is not "misfired").Select(r => (r.ScheduledUtc, r.Attempt)).ToList();
            Assert.Equal(fires.Count, fires.Distinct().Count());
            Assert.All(history.Where(r => r.Status == "succeeded"), r => Assert.False(string.IsNullOrEmpty(r.Version)));
        }

        // With no host running, the CLI reads the store file itself.
        var offline = await HistoryAsync();
        Assert.Contains(offline, r => r.Status == "interrupted");
    }

    /// <summary>Asks the running host (one CLI process per question, which paces the loop) until its history matches.</summary>
    private async Task<List<HistoryRow>> WaitForHistoryAsync(Func<List<HistoryRow>, bool> condition, string what, TimeSpan timeout, string jobId = "test.slow")
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var history = await HistoryAsync(jobId);
            if (condition(history))
            {
                return history;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out after {timeout} waiting for {what}; history: "
                + string.Join(", ", history.Select(r => $"{r.ScheduledUtc:HH:mm:ss}#{r.Attempt} {r.Status} on {r.Node}")));
        }
    }

    private async Task<List<HistoryRow>> HistoryAsync(string jobId = "test.slow")
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(KairosDll, _root, "history", jobId, "--json", "--limit", "1000", "--db", Db);
        Assert.True(exit == 0, $"history failed ({exit}): {stderr}");
        return JsonSerializer.Deserialize<List<HistoryRow>>(stdout, Web)!;
    }

    private sealed record HistoryRow(string Id, string JobId, string Status, DateTimeOffset ScheduledUtc, int Attempt, string? Node, string? Version);
}
