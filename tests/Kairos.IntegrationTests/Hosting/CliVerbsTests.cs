using System.Text.Json;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.IntegrationTests.Cluster;
using Kairos.IntegrationTests.Plugins;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The real <c>kairos</c> verbs on a LiteDB store: their exit codes and output, on the file directly (no host) and
/// through a running host's control API.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class CliVerbsTests : IDisposable
{
    private const string Orphan = "old.import";
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-verbs-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    [Fact]
    public async Task OnTheStoreFile_BadValuesAreUsageErrors_UnknownJobsErrors_AndRemoveDeletesAnOrphanedJobKeepingItsHistory()
    {
        var ended = SeedOrphanedJob();

        var (limitExit, _, limitError) = await Kairos("history", "--limit", "0");
        var (statusExit, _, statusError) = await Kairos("history", "--status", "bogus");
        var (unknownExit, unknownOut, unknownError) = await Kairos("history", "no.such-job");
        var (triggerExit, triggerOut, _) = await Kairos("trigger", Orphan);
        var (infoExit, infoOut, _) = await Kairos("info");
        var (removeExit, removeOut, removeError) = await Kairos("remove", Orphan);
        var (_, historyOut, _) = await Kairos("history", Orphan, "--json");
        var (_, jobsOut, _) = await Kairos("jobs", "--json");
        var (_, helpOut, _) = await Cli.RunAsync(KairosDll, _root, "--help");

        Assert.Equal((2, "kairos: --limit 0 is invalid: expected a positive number"), (limitExit, FirstLine(limitError)));
        Assert.Equal((2, "kairos: --status 'bogus' is unknown: expected one of pending, running, succeeded, failed, retrying, timed-out, cancelled, interrupted, skipped, misfired, waiting-for-handler"),
            (statusExit, FirstLine(statusError)));
        Assert.Equal((1, "", $"kairos: error: unknown job 'no.such-job': expected one of {Orphan}"), (unknownExit, unknownOut, unknownError.TrimEnd()));
        Assert.Equal(0, triggerExit);
        Assert.Matches("^queued run [0-9a-f]{32}\nno host is running on this store: the run starts when one starts \\('kairos run'\\)\n$", triggerOut.ReplaceLineEndings("\n"));
        Assert.Equal(0, infoExit);
        Assert.Matches("^Kairos [0-9.]+, node .+: no host running \\(read from the store\\)$", FirstLine(infoOut));
        Assert.True(removeExit == 0, removeError);
        Assert.Equal($"removed job '{Orphan}' (1 trigger, 1 run not ended); its history is kept: 'kairos history {Orphan}' shows it", removeOut.TrimEnd());
        Assert.Equal(ended.Id, Assert.Single(JsonDocument.Parse(historyOut).RootElement.EnumerateArray()).GetProperty("id").GetString());
        Assert.Empty(JsonDocument.Parse(jobsOut).RootElement.EnumerateArray());
        Assert.Contains("  history [<job>]  ", helpOut, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThroughARunningHost_JobsShowsEachTriggersOwnNextFire_RefusedPluginJobsAsBroken_AndRemoveTakesOnlyOrphanedJobs()
    {
        SeedOrphanedJob();
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        var plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "report.csx"), """
            // kairos: id = cli.report
            // kairos: cron = 0 9 * * 1-5
            // kairos: tz = Europe/Berlin
            // kairos: trigger = poll
            // kairos: interval = 1h
            Logger.LogInformation("report ran");
            """);
        PluginFixtures.Deploy("RefusedJobsPlugin", plugins);
        using var host = HostProcess.Start("verbs", KairosDll, ["run", "--db", Db, "--scripts", scripts, "--plugins", plugins],
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "verbs" }, _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        var jobs = await WaitForJobsAsync(j => j.Any(x => x.GetProperty("id").GetString() == "cli.report" && x.GetProperty("state").GetString() == "active"));

        // A plugin whose every job is refused: each job is listed broken, with its reason.
        Assert.Equal(["Fixtures.BadId", "Fixtures.RefusedJobs.NoIdJob", "cli.report", "fixtures.bad-cron", Orphan], jobs.Select(j => j.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(jobs.Where(j => j.GetProperty("source").GetString() == "plugin:RefusedJobsPlugin"), j => Assert.Equal("broken", j.GetProperty("state").GetString()));
        Assert.Contains("job id 'Fixtures.BadId' is invalid", Problem(jobs, "Fixtures.BadId"), StringComparison.Ordinal);
        Assert.Contains("not a cron", Problem(jobs, "fixtures.bad-cron"), StringComparison.Ordinal);
        Assert.Contains("has no [Job(\"id\")] attribute", Problem(jobs, "Fixtures.RefusedJobs.NoIdJob"), StringComparison.Ordinal);

        // Each trigger on its own line, with its own schedule, zone and next fire (9:00 in Berlin is 07:00 or 08:00 UTC).
        await Succeeds(Kairos("pause", "cli.report", "--reason", "audit until Friday"));
        var table = (await Succeeds(Kairos("jobs"))).ReplaceLineEndings("\n").Split('\n');
        var daily = Assert.Single(table, l => l.Contains("0 9 * * 1-5", StringComparison.Ordinal));
        Assert.Matches("  default +0 9 \\* \\* 1-5 +Europe/Berlin +\\d{4}-\\d\\d-\\d\\dT0[78]:00:00Z", daily);
        Assert.Matches("  poll +every 01:00:00 +UTC +\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d", Assert.Single(table, l => l.Contains("every 01:00:00", StringComparison.Ordinal)));
        Assert.Contains($"  cli.report: paused by cli:{Environment.UserName}: audit until Friday", table);

        // Paused until a moment: jobs says until when and by whom, and the host resumes the job by itself then.
        await Succeeds(Kairos("pause", "cli.report", "--until", "1h"));
        var pausedJob = (await WaitForJobsAsync(_ => true)).Single(j => j.GetProperty("id").GetString() == "cli.report");
        Assert.Equal(("paused", $"cli:{Environment.UserName}"), (pausedJob.GetProperty("state").GetString(), pausedJob.GetProperty("pausedBy").GetString()));
        Assert.InRange(pausedJob.GetProperty("pausedUntilUtc").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(50), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Contains($"  cli.report: paused until {pausedJob.GetProperty("pausedUntilUtc").GetString()} by cli:{Environment.UserName} (no reason given)",
            (await Succeeds(Kairos("jobs"))).ReplaceLineEndings("\n").Split('\n'));
        await Succeeds(Kairos("pause", "cli.report", "--until", "2s"));
        await WaitForJobsAsync(j => j.Any(x => x.GetProperty("id").GetString() == "cli.report" && x.GetProperty("state").GetString() == "active"));
        var (pastExit, _, pastError) = await Kairos("pause", "cli.report", "--until", "2020-01-01T00:00:00Z");
        Assert.Equal(1, pastExit);
        Assert.StartsWith("kairos: error: pause until 2020-01-01T00:00:00Z is not in the future", pastError, StringComparison.Ordinal);

        // Trigger with data, then the run with its data and log; data that is not JSON is refused with the value quoted.
        var queued = JsonDocument.Parse(await Succeeds(Kairos("trigger", "cli.report", "--data", "{\"n\":7}", "--json"))).RootElement.GetProperty("runId").GetString()!;
        var shown = await WaitForRunAsync(queued);
        Assert.Equal(("succeeded", "{\"n\":7}"), (shown.GetProperty("status").GetString(), shown.GetProperty("data").GetString()));
        Assert.Contains(shown.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains("report ran", StringComparison.Ordinal));
        Assert.Contains("Log:", await Succeeds(Kairos("show", queued)), StringComparison.Ordinal);
        var manual = JsonDocument.Parse(await Succeeds(Kairos("history", "cli.report", "--trigger", "manual", "--json"))).RootElement;
        Assert.Equal(queued, Assert.Single(manual.EnumerateArray()).GetProperty("id").GetString());

        // The run's figures: jobs shows the last run and the success rate, stats the counts and percentiles.
        var reported = (await WaitForJobsAsync(_ => true)).Single(j => j.GetProperty("id").GetString() == "cli.report");
        Assert.Equal((queued, "succeeded", 1.0), (reported.GetProperty("lastRun").GetProperty("runId").GetString(),
            reported.GetProperty("lastRun").GetProperty("status").GetString(), reported.GetProperty("successRate").GetDouble()));
        Assert.Matches("  succeeded \\d+ ms +100%$", Assert.Single((await Succeeds(Kairos("jobs"))).ReplaceLineEndings("\n").Split('\n'), l => l.StartsWith("cli.report ", StringComparison.Ordinal)));
        var stats = JsonDocument.Parse(await Succeeds(Kairos("stats", "cli.report", "--since", "1h", "--json"))).RootElement;
        Assert.Equal((1, 1, 1.0), (stats.GetProperty("runs").GetInt32(), stats.GetProperty("byStatus").GetProperty("succeeded").GetInt32(), stats.GetProperty("successRate").GetDouble()));
        Assert.Matches("^cli.report: 1 run scheduled since .*\n  succeeded 1\n  success rate 100% of the runs that ended with an outcome\n  duration: p50 \\d+ ms, p95 \\d+ ms, max \\d+ ms\n  start lateness: p50 ",
            (await Succeeds(Kairos("stats", "cli.report"))).ReplaceLineEndings("\n"));
        var (sinceExit, _, sinceError) = await Kairos("stats", "--since", "soon");
        Assert.Equal(1, sinceExit);
        Assert.StartsWith("kairos: error: --since 'soon' is not a duration: expected ", sinceError, StringComparison.Ordinal);

        var (badExit, _, badError) = await Kairos("trigger", "cli.report", "--data", "{oops");
        Assert.Equal(1, badExit);
        Assert.StartsWith("kairos: error: data '{oops' is not valid JSON", badError, StringComparison.Ordinal);

        var (triggerExit, triggerOut, _) = await Kairos("trigger", Orphan);
        Assert.Equal(0, triggerExit);
        Assert.Equal($"no loaded plugin or script declares job '{Orphan}' now: the run waits until one does", triggerOut.ReplaceLineEndings("\n").Split('\n')[1]);

        var (refusedExit, refusedOut, refusedError) = await Kairos("remove", "cli.report");
        Assert.Equal((1, ""), (refusedExit, refusedOut));
        Assert.StartsWith("kairos: error: job 'cli.report' is not orphaned: script:report.csx declares it;", refusedError, StringComparison.Ordinal);

        var removed = await Succeeds(Kairos("remove", Orphan, "--history", "delete"));
        Assert.Equal($"removed job '{Orphan}' (1 trigger, 1 run not ended) and its history (1 run record)", removed.TrimEnd());
        var (historyExit, _, historyError) = await Kairos("history", Orphan);
        Assert.Equal(1, historyExit);
        Assert.StartsWith($"kairos: error: unknown job '{Orphan}'", historyError, StringComparison.Ordinal);

        var info = JsonDocument.Parse(await Succeeds(Kairos("info", "--json"))).RootElement;
        Assert.Equal(info.GetProperty("startedUtc").GetString(), Assert.Single(info.GetProperty("nodes").EnumerateArray()).GetProperty("startedUtc").GetString());
        Assert.Equal("failed", Assert.Single(info.GetProperty("plugins").GetProperty("current").EnumerateArray()).GetProperty("state").GetString());
        Assert.Equal("healthy", Assert.Single(info.GetProperty("scripts").GetProperty("scripts").EnumerateArray()).GetProperty("state").GetString());
        var text = await Succeeds(Kairos("info"));
        Assert.Matches("^Kairos [0-9.]+, node verbs: host running since \\d{4}-", FirstLine(text));

        host.Stop(TimeSpan.FromSeconds(30));
    }

    /// <summary>A store with one job no source declares (its script is gone), its trigger, and one ended run.</summary>
    private RunRecord SeedOrphanedJob()
    {
        var now = DateTimeOffset.UtcNow;
        var run = new RunRecord
        {
            Id = RunIds.New(now.AddHours(-1)), JobId = Orphan, TriggerKey = "default", ConcurrencyKey = Orphan, ScheduledUtc = now.AddHours(-1),
            NotBeforeUtc = now.AddHours(-1), StartedUtc = now.AddHours(-1), EndedUtc = now.AddHours(-1), Status = RunStatus.Succeeded,
        };
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);
        using var store = new LiteDbStore(Db);
        store.Reconcile(
            new StoredJob { Id = Orphan, Source = "script:old-import.csx", Version = "v1", Policies = JobPolicies.Default, UpdatedUtc = now },
            [new StoredTrigger { Id = StoredTrigger.MakeId(Orphan, "default"), JobId = Orphan, Spec = TriggerSpec.Cron("default", "0 0 1 1 *"), Origin = TriggerOrigin.Declared, NextFireUtc = now.AddDays(300) }]);
        store.Insert([run]);
        return run;
    }

    private Task<List<JsonElement>> WaitForJobsAsync(Func<List<JsonElement>, bool> condition) => Cli.WaitForJobsAsync(Kairos, condition);

    /// <summary>Asks the host (one CLI process per question) until the run has ended; the run as <c>show --json</c> prints it.</summary>
    private async Task<JsonElement> WaitForRunAsync(string runId)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = JsonDocument.Parse(await Succeeds(Kairos("show", runId, "--json"))).RootElement;
            if (run.GetProperty("status").GetString() is not ("pending" or "running"))
            {
                return run;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for run {runId}: {run}");
        }
    }

    private static string Problem(List<JsonElement> jobs, string id) =>
        Assert.Single(jobs.Single(j => j.GetProperty("id").GetString() == id).GetProperty("problems").EnumerateArray()).GetString()!;

    private static string FirstLine(string text) => text.ReplaceLineEndings("\n").Split('\n')[0];

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
