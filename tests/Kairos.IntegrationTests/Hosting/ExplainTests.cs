using System.Globalization;
using System.Text.Json;
using Kairos.IntegrationTests.Cluster;
using Xunit.Abstractions;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// <c>kairos explain</c> (#16) against a real host with script jobs: a fire skipped by overlap, a paused job's fire and
/// a fire of a job no script declares any more are each explained from what the host recorded, and again the same after
/// the host restarted.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ExplainTests(ITestOutputHelper output) : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private static readonly string Actor = "cli:" + Environment.UserName;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-explain-").FullName;

    private readonly List<HostProcess> _hosts = [];

    public void Dispose()
    {
        _hosts.ForEach(h => h.Dispose());
        Directory.Delete(_root, recursive: true);
    }

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    [Fact]
    public async Task Explain_TellsASkippedFireItsOverlappedRun_APausedFireWhoPausedItAndSince_AndANoHandlerFireTheNodesAndWhatTheyLoad()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "slow.csx"), """
            // kairos: id = explain.slow
            // kairos: cron = * * * * * *
            await Task.Delay(TimeSpan.FromSeconds(3), CancellationToken);
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "paused.csx"), """
            // kairos: id = explain.paused
            // kairos: cron = * * * * * *
            Logger.LogInformation("tick");
            """);
        var gone = Path.Combine(scripts, "gone.csx");
        await File.WriteAllTextAsync(gone, """
            // kairos: id = explain.gone
            // kairos: cron = * * * * * *
            Logger.LogInformation("tick");
            """);
        HostProcess Start()
        {
            var started = HostProcess.Start("explain", KairosDll, ["run", "--db", Db, "--scripts", scripts],
                new Dictionary<string, string> { ["KAIROS_NodeId"] = "explain-node" }, _root);
            _hosts.Add(started);
            return started;
        }
        var host = Start();
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        await Cli.WaitForJobsAsync(Kairos, j => j.Count(x => x.GetProperty("state").GetString() == "active") == 3);

        // Paused: a fire after the pause has no record; explain names who paused it and since when (the audit trail).
        await Succeeds(Kairos("pause", "explain.paused", "--reason", "db upgrade"));
        var pausedAt = Instant(JsonDocument.Parse(await Succeeds(Kairos("audit", "explain.paused", "--json"))).RootElement[0].GetProperty("atUtc"));
        // A job no script declares any more: its next fire waits for a handler.
        File.Delete(gone);
        var waiting = await WaitForRunAsync("explain.gone", "waiting-for-handler");
        // Skipped: a fire of the slow job while its previous run still ran.
        var skipped = await WaitForRunAsync("explain.slow", "skipped");
        // The paused job's instant asked below must be past for the host too: it has recorded a later fire of another job.
        await WaitForRunAsync("explain.slow", null, r => Instant(r.GetProperty("scheduledUtc")) >= pausedAt.AddSeconds(3));

        var skippedAnswer = await ExplainAsync("explain.slow", skipped.GetProperty("scheduledUtc").GetString()!);
        var skippedFire = Asked(skippedAnswer);
        Assert.Equal(("skipped", skipped.GetProperty("id").GetString()), (skippedFire.GetProperty("outcome").GetString(), skippedFire.GetProperty("runId").GetString()));
        var overlappedId = skippedFire.GetProperty("overlappedRunId").GetString();
        Assert.True(overlappedId is not null, $"the skipped fire names no overlapped run: {skippedFire}");
        var overlapped = JsonDocument.Parse(await Succeeds(Kairos("show", overlappedId, "--json"))).RootElement;
        Assert.True(Instant(overlapped.GetProperty("startedUtc")) <= Instant(skipped.GetProperty("endedUtc")), $"the overlapped run started after the skip: {overlapped}");
        Assert.StartsWith($"skipped by overlap: run {overlapped.GetProperty("id").GetString()} ", skippedFire.GetProperty("text").GetString(), StringComparison.Ordinal);

        var pausedAnswer = await ExplainAsync("explain.paused", Text(pausedAt.AddSeconds(2)));
        var pausedFire = Asked(pausedAnswer);
        Assert.Equal(("paused", Actor, Text(pausedAt)),
            (pausedFire.GetProperty("outcome").GetString(), pausedFire.GetProperty("by").GetString(), pausedFire.GetProperty("sinceUtc").GetString()));
        Assert.Contains("(db upgrade)", pausedFire.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal("paused", pausedAnswer.GetProperty("holds")[0].GetProperty("kind").GetString());

        var goneAnswer = await ExplainAsync("explain.gone", waiting.GetProperty("scheduledUtc").GetString()!);
        var goneFire = Asked(goneAnswer);
        Assert.Equal(("waiting-for-handler", waiting.GetProperty("id").GetString()), (goneFire.GetProperty("outcome").GetString(), goneFire.GetProperty("runId").GetString()));
        Assert.Equal("waiting for a handler: no host up loads the job (explain-node loads explain.paused, explain.slow)", goneFire.GetProperty("text").GetString());
        var node = Assert.Single(goneAnswer.GetProperty("nodes").EnumerateArray());
        Assert.Equal(("explain-node", true, false), (node.GetProperty("id").GetString(), node.GetProperty("alive").GetBoolean(), node.GetProperty("loadsJob").GetBoolean()));

        // The readable form: the answer on its second line, the asked fire marked.
        foreach (var (job, at) in new[] { ("explain.slow", skipped.GetProperty("scheduledUtc").GetString()!), ("explain.paused", Text(pausedAt.AddSeconds(2))), ("explain.gone", waiting.GetProperty("scheduledUtc").GetString()!) })
        {
            var text = await Succeeds(Kairos("explain", job, "--at", at));
            output.WriteLine($"$ kairos explain {job} --at {at}\n{text}");
            var lines = text.ReplaceLineEndings("\n").Split('\n');
            Assert.StartsWith($"{job} at ", lines[0], StringComparison.Ordinal);
            Assert.StartsWith("trigger 'default' at ", lines[1], StringComparison.Ordinal);
            Assert.Contains(lines, l => l.StartsWith("> ", StringComparison.Ordinal));
        }

        // Across a restart: the answers come from the store, so the restarted host gives the same ones.
        host.Stop(TimeSpan.FromSeconds(30));
        host = Start();
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        var afterRestart = Asked(await ExplainAsync("explain.slow", skipped.GetProperty("scheduledUtc").GetString()!));
        Assert.Equal(("skipped", skippedFire.GetProperty("runId").GetString(), overlappedId),
            (afterRestart.GetProperty("outcome").GetString(), afterRestart.GetProperty("runId").GetString(), afterRestart.GetProperty("overlappedRunId").GetString()));
        var pausedAfterRestart = Asked(await ExplainAsync("explain.paused", Text(pausedAt.AddSeconds(2))));
        Assert.Equal(("paused", Actor, Text(pausedAt)),
            (pausedAfterRestart.GetProperty("outcome").GetString(), pausedAfterRestart.GetProperty("by").GetString(), pausedAfterRestart.GetProperty("sinceUtc").GetString()));
        host.Stop(TimeSpan.FromSeconds(30));
    }

    private async Task<JsonElement> ExplainAsync(string jobId, string at) =>
        JsonDocument.Parse(await Succeeds(Kairos("explain", jobId, "--at", at, "--json"))).RootElement;

    private static JsonElement Asked(JsonElement view) =>
        view.GetProperty("triggers").EnumerateArray().SelectMany(t => t.GetProperty("fires").EnumerateArray()).Single(f => f.GetProperty("asked").GetBoolean());

    private static DateTimeOffset Instant(JsonElement value) =>
        DateTimeOffset.Parse(value.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).ToUniversalTime();

    private static string Text(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);

    /// <summary>Asks the host (one CLI process per question) until the job has a run with <paramref name="status"/>; the newest such run.</summary>
    private Task<JsonElement> WaitForRunAsync(string jobId, string status) => WaitForRunAsync(jobId, status, _ => true);

    /// <summary>Asks the host until the job's newest run (of <paramref name="status"/>, any when null) satisfies <paramref name="condition"/>.</summary>
    private async Task<JsonElement> WaitForRunAsync(string jobId, string? status, Func<JsonElement, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            string[] verb = status is null ? ["history", jobId, "--limit", "1", "--json"] : ["history", jobId, "--status", status, "--limit", "1", "--json"];
            var runs = JsonDocument.Parse(await Succeeds(Kairos(verb))).RootElement;
            if (runs.GetArrayLength() > 0 && condition(runs[0]))
            {
                return runs[0];
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for a {status ?? "new"} run of {jobId}");
        }
    }

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
