using System.Text.Json;
using Kairos.IntegrationTests.Cluster;
using Kairos.IntegrationTests.Storage;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// Run-once jobs (#16) as real processes: once per store across a restart (LiteDB, the CLI through the host) and across
/// two hosts of a cluster started together and restarted (PostgreSQL); <c>kairos run-once list|rerun</c>.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class RunOnceVerbTests(PostgresServer server) : IDisposable
{
    private const string Script = """
        // kairos: id = data.seed
        // kairos: run-once = seed-v1
        Logger.LogInformation("seeding once");
        """;

    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-run-once-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    [Fact]
    public async Task ARunOnceScript_RunsOnce_NotAgainAfterARestart_AndAgainOnlyWhenAnOperatorAsks()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "seed.csx"), Script);
        HostProcess Start() => HostProcess.Start("once", KairosDll, ["run", "--db", Db, "--scripts", scripts],
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "once" }, _root);

        var host = Start();
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        var first = await WaitForListAsync(l => l.Count == 1 && l[0].GetProperty("state").GetString() == "succeeded");
        Assert.Equal(("seed-v1", "data.seed", "node:once"), (S(first[0], "key"), S(first[0], "jobId"), S(first[0], "queuedBy")));
        host.Stop(TimeSpan.FromSeconds(30));
        host.Dispose();

        host = Start();
        await host.WaitForOutputAsync("key 'seed-v1' already queued run " + S(first[0], "runId"), TimeSpan.FromSeconds(120));
        var history = JsonDocument.Parse(await Succeeds(Kairos("history", "data.seed", "--json"))).RootElement.EnumerateArray().ToList();
        var only = Assert.Single(history);
        Assert.Equal((S(first[0], "runId"), "run-once", "succeeded"), (S(only, "id"), S(only, "origin"), S(only, "status")));
        Assert.Contains($"  data.seed: run-once 'seed-v1': succeeded (run {S(first[0], "runId")}", await Succeeds(Kairos("jobs")), StringComparison.Ordinal);

        var rerun = JsonDocument.Parse(await Succeeds(Kairos("run-once", "rerun", "seed-v1", "--json"))).RootElement.GetProperty("runId").GetString()!;
        var second = await WaitForListAsync(l => S(l[0], "runId") == rerun && S(l[0], "state") == "succeeded");
        Assert.Equal("cli:" + Environment.UserName, S(second[0], "queuedBy"));
        var table = (await Succeeds(Kairos("run-once", "list"))).ReplaceLineEndings("\n").Split('\n');
        Assert.Matches("^KEY +JOB +STATE +RUN +QUEUED \\(UTC\\) +BY$", table[0]);
        Assert.Matches($"^seed-v1 +data.seed +succeeded +{rerun} ", table[1]);
        var (unknown, _, unknownError) = await Kairos("run-once", "rerun", "seed-v9");
        Assert.Equal((1, "kairos: error: unknown run-once key 'seed-v9': expected one of seed-v1"), (unknown, unknownError.TrimEnd()));
        host.Stop(TimeSpan.FromSeconds(30));
        host.Dispose();
    }

    [Fact]
    public async Task ARunOnceScript_RunsOnceInACluster_WhenTwoHostsLoadItTogether_AndNotAgainWhenBothRestart()
    {
        using var cluster = new ClusterHarness(server, "run_once", ClusterHarness.Relaxed);
        var scripts = Directory.CreateDirectory(Path.Combine(cluster.Folder, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "seed.csx"), Script);
        HostProcess Start(string node) => HostProcess.Start(node, KairosDll,
            ["run", "--store", "postgres", "--connection", cluster.ConnectionString, "--db", cluster.NodeFile(node), "--plugins", Path.Combine(cluster.Folder, "empty"), "--scripts", scripts],
            cluster.Settings(node), cluster.Folder);

        var a = Start("a");
        var b = Start("b");
        try
        {
            cluster.WaitForNode(a, "data.seed");
            cluster.WaitForNode(b, "data.seed");
            cluster.WaitUntil(() => cluster.Store.Query("data.seed", RunStatus.Succeeded, 10).Count == 1, TimeSpan.FromSeconds(60), "the run-once run to succeed", a, b);
            var entry = Assert.Single(cluster.Store.GetRunOnceEntries());
            Assert.Equal(Assert.Single(cluster.Store.Query("data.seed", null, 10)).Id, entry.RunId);
            cluster.Stop(a);
            cluster.Stop(b);

            a = Start("a");
            b = Start("b");
            await a.WaitForOutputAsync("key 'seed-v1' already queued run " + entry.RunId, TimeSpan.FromSeconds(120));
            await b.WaitForOutputAsync("key 'seed-v1' already queued run " + entry.RunId, TimeSpan.FromSeconds(120));

            var runs = cluster.Store.Query("data.seed", null, 10);
            Assert.Equal(entry.RunId, Assert.Single(runs).Id);
            Assert.Equal(RunOrigin.RunOnce, runs[0].Origin);
            Assert.Equal(entry, Assert.Single(cluster.Store.GetRunOnceEntries()));
        }
        finally
        {
            a.Dispose();
            b.Dispose();
        }
    }

    private async Task<List<JsonElement>> WaitForListAsync(Func<List<JsonElement>, bool> condition)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(90);
        while (true)
        {
            var list = JsonDocument.Parse(await Succeeds(Kairos("run-once", "list", "--json"))).RootElement.EnumerateArray().ToList();
            if (list.Count > 0 && condition(list))
            {
                return list;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for the run-once list; last: {JsonSerializer.Serialize(list)}");
        }
    }

    private static string S(JsonElement e, string name) => e.GetProperty(name).GetString() ?? "";

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
