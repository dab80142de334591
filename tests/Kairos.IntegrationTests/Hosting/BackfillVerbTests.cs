using System.Globalization;
using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// <c>kairos backfill</c> (#16) as real processes: through a running host, on its store with no host, and across a
/// restart; and in a cluster of two hosts on PostgreSQL, with <c>kairos explain</c> answering for the backfilled fires.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class BackfillVerbTests(Storage.PostgresServer server) : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-backfill-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    private HostProcess StartHost(string scripts) => HostProcess.Start("backfill", KairosDll, ["run", "--db", Db, "--scripts", scripts],
        new Dictionary<string, string> { ["KAIROS_NodeId"] = "backfill" }, _root);

    [Fact]
    public async Task Backfill_QueuesTheMissingHoursOnce_ThroughARunningHost_OnTheStoreWithNoHost_AndAcrossARestart()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "hourly.csx"), """
            // kairos: id = bf.hourly
            // kairos: cron = 0 * * * *
            Logger.LogInformation("hour {Scheduled} backfilled", ScheduledUtc);
            """);
        var hour = DateTimeOffset.UtcNow.AddHours(-1);
        hour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero);
        string At(int hoursBefore) => hour.AddHours(-hoursBefore).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var host = StartHost(scripts);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        await Cli.WaitForJobsAsync(Kairos, j => j.Any(x => x.GetProperty("id").GetString() == "bf.hourly" && x.GetProperty("state").GetString() == "active"));

        var dry = Json(await Succeeds(Kairos("backfill", "bf.hourly", "--from", At(2), "--to", At(0), "--dry-run", "--json")));
        Assert.Equal((true, 3, 0), (dry.GetProperty("dryRun").GetBoolean(), dry.GetProperty("runs").GetArrayLength(), dry.GetProperty("created").GetInt32()));
        var first = Json(await Succeeds(Kairos("backfill", "bf.hourly", "--from", At(2), "--to", At(0), "--max-parallel", "2", "--json")));
        Assert.Equal((3, 0), (first.GetProperty("created").GetInt32(), first.GetProperty("alreadyRecorded").GetInt32()));
        var ran = await WaitForSucceededAsync(3);
        Assert.Equal([At(0), At(1), At(2)], ran.Select(r => r.GetProperty("scheduledUtc").GetString()).Order(StringComparer.Ordinal).Reverse());
        var again = Json(await Succeeds(Kairos("backfill", "bf.hourly", "--from", At(2), "--to", At(0), "--json")));
        Assert.Equal((0, 3), (again.GetProperty("created").GetInt32(), again.GetProperty("alreadyRecorded").GetInt32()));
        host.Stop(TimeSpan.FromSeconds(30));

        // No host: the CLI works on the store itself; the same range still creates nothing, a wider one only the new hours.
        var offline = await Succeeds(Kairos("backfill", "bf.hourly", "--from", At(4), "--to", At(0)));
        Assert.StartsWith($"queued 2 runs for 'bf.hourly' trigger 'default' from {At(4)} to {At(0)}", offline, StringComparison.Ordinal);

        // Restarted, the host runs what was queued meanwhile, and a backfill of the whole range still creates nothing.
        host = StartHost(scripts);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        Assert.Equal(5, (await WaitForSucceededAsync(5)).Count);
        var afterRestart = Json(await Succeeds(Kairos("backfill", "bf.hourly", "--from", At(4), "--to", At(0), "--json")));
        Assert.Equal((0, 5), (afterRestart.GetProperty("created").GetInt32(), afterRestart.GetProperty("alreadyRecorded").GetInt32()));
        var audit = JsonDocument.Parse(await Succeeds(Kairos("audit", "bf.hourly", "--json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(["backfill", "backfill", "backfill", "backfill"], audit.Select(e => e.GetProperty("action").GetString()));
        host.Stop(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    [Fact]
    public async Task Backfill_InAClusterOfTwoHosts_RunsEachMissingInstantOnce_AndExplainNamesTheRunOfEach()
    {
        using var cluster = new ClusterHarness(server, "backfill", ClusterHarness.Relaxed);
        var scripts = Directory.CreateDirectory(Path.Combine(cluster.Folder, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "hourly.csx"), """
            // kairos: id = bf.hourly
            // kairos: cron = 0 * * * *
            // kairos: overlap = allow
            // kairos: max-concurrency = 4
            Logger.LogInformation("hour {Scheduled} backfilled", ScheduledUtc);
            """);
        HostProcess Start(string node) => HostProcess.Start(node, KairosDll,
            ["run", "--store", "postgres", "--connection", cluster.ConnectionString, "--db", cluster.NodeFile(node), "--plugins", Path.Combine(cluster.Folder, "empty"), "--scripts", scripts],
            cluster.Settings(node), cluster.Folder);
        Task<(int Exit, string Stdout, string Stderr)> OnCluster(params string[] verb) =>
            Cli.RunAsync(KairosDll, cluster.Folder, [.. verb, "--store", "postgres", "--connection", cluster.ConnectionString]);
        var hour = DateTimeOffset.UtcNow.AddHours(-1);
        hour = new DateTimeOffset(hour.Year, hour.Month, hour.Day, hour.Hour, 0, 0, TimeSpan.Zero);
        string At(int hoursBefore) => hour.AddHours(-hoursBefore).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var a = Start("a");
        var b = Start("b");
        try
        {
            cluster.WaitForNode(a, "bf.hourly");
            cluster.WaitForNode(b, "bf.hourly");

            var first = Json(await Succeeds(OnCluster("backfill", "bf.hourly", "--from", At(5), "--to", At(0), "--max-parallel", "2", "--json")));
            Assert.Equal(6, first.GetProperty("created").GetInt32());
            cluster.WaitUntil(() => cluster.Store.Query("bf.hourly", RunStatus.Succeeded, 50).Count(r => r.Origin == RunOrigin.Backfill) == 6,
                TimeSpan.FromSeconds(90), "the six backfilled runs to succeed", a, b);
            var again = Json(await Succeeds(OnCluster("backfill", "bf.hourly", "--from", At(5), "--to", At(0), "--json")));

            Assert.Equal((0, 6), (again.GetProperty("created").GetInt32(), again.GetProperty("alreadyRecorded").GetInt32()));
            var backfilled = cluster.Store.Query("bf.hourly", null, 50).Where(r => r.Origin == RunOrigin.Backfill).ToList();
            Assert.Equal(6, backfilled.Count);
            Assert.Equal(6, backfilled.Select(r => r.ScheduledUtc).Distinct().Count()); // each instant once, on whichever host
            Assert.All(backfilled, r => Assert.Equal(RunStatus.Succeeded, r.Status));
            var explained = Json(await Succeeds(OnCluster("explain", "bf.hourly", "--at", At(3), "--json")));
            var asked = explained.GetProperty("triggers")[0].GetProperty("fires").EnumerateArray().Single(f => f.GetProperty("asked").GetBoolean());
            var run = backfilled.Single(r => r.ScheduledUtc == hour.AddHours(-3));
            Assert.Equal(("ran", run.Id), (asked.GetProperty("outcome").GetString(), asked.GetProperty("runId").GetString()));
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    /// <summary>The backfill runs of the job once <paramref name="count"/> of them succeeded (a fire of the hour's own may run beside them).</summary>
    private async Task<List<JsonElement>> WaitForSucceededAsync(int count)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var runs = JsonDocument.Parse(await Succeeds(Kairos("history", "bf.hourly", "--json"))).RootElement.EnumerateArray()
                .Where(r => r.GetProperty("status").GetString() == "succeeded" && r.GetProperty("origin").GetString() == "backfill").ToList();
            if (runs.Count >= count)
            {
                return runs;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for {count} succeeded runs of bf.hourly; {runs.Count} so far");
        }
    }

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
