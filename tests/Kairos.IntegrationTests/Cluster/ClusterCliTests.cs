using System.Text.Json;
using Kairos.Host.Storage.Catalog;
using Kairos.IntegrationTests.Hosting;
using Kairos.IntegrationTests.Storage;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>The offline CLI verbs against a cluster: real <c>kairos</c> processes on the test's PostgreSQL database, no control API.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class ClusterCliTests(PostgresServer server)
{
    private const string Tick = "cluster.tick";
    private const string Slow = "cluster.slow";
    private const string Password = "never-printed-7f3a";

    [Fact]
    public async Task Verbs_WorkOnThePostgresStoreDirectly_WithSettingsFromOptionsFileOrEnvironment_AndNeverPrintThePassword()
    {
        using var cluster = new ClusterHarness(server, "cli", ClusterHarness.Relaxed);
        var host = cluster.StartHost("a", "v1");
        cluster.WaitForNode(host, Tick, Slow);
        // The server trusts local connections: the password is never checked, only carried.
        var connection = cluster.ConnectionString + ";Password=" + Password;
        var options = new[] { "--store", "postgres", "--connection", connection };
        var settingsFolder = Directory.CreateDirectory(Path.Combine(cluster.Folder, "cli-settings")).FullName;
        File.WriteAllText(Path.Combine(settingsFolder, "kairos.json"),
            JsonSerializer.Serialize(new { Kairos = new { Store = "postgres", ConnectionString = connection } }));
        var environment = new Dictionary<string, string> { ["KAIROS_Store"] = "postgres", ["KAIROS_ConnectionString"] = connection };

        var jobs = await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, ["jobs", "--json", .. options]));
        var slow = JsonDocument.Parse(jobs).RootElement.EnumerateArray().Single(j => j.GetProperty("id").GetString() == Slow);
        Assert.Equal("active", slow.GetProperty("state").GetString());

        await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, settingsFolder, "pause", Slow, "--reason", "maintenance"));
        Assert.True(cluster.Store.GetJob(Slow)!.Paused);
        Assert.Equal("maintenance", cluster.Store.GetJob(Slow)!.PauseReason);

        await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, environment, "resume", Slow));
        Assert.False(cluster.Store.GetJob(Slow)!.Paused);

        var trigger = await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, ["trigger", Tick, "--json", .. options]));
        var runId = JsonDocument.Parse(trigger).RootElement.GetProperty("runId").GetString()!;
        cluster.WaitUntil(() => cluster.Store.GetRun(runId)?.Status == RunStatus.Succeeded, TimeSpan.FromSeconds(30), $"the manual run {runId} to succeed");
        var history = await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, settingsFolder, "history", Tick, "--json"));
        var run = Assert.Single(JsonDocument.Parse(history).RootElement.EnumerateArray());
        Assert.Equal(runId, run.GetProperty("id").GetString());
        Assert.Equal("succeeded", run.GetProperty("status").GetString());
        Assert.Equal("a", run.GetProperty("node").GetString());

        var (exit, info, infoErrors) = await Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, environment, "info", "--json");
        Assert.True(exit == 0, infoErrors);
        var root = JsonDocument.Parse(info).RootElement;
        var database = new Npgsql.NpgsqlConnectionStringBuilder(cluster.ConnectionString);
        Assert.Equal($"PostgreSQL database '{database.Database}' on 127.0.0.1:{server.Port}", root.GetProperty("store").GetString());
        Assert.Equal("postgres", root.GetProperty("storeKind").GetString());
        var node = Assert.Single(root.GetProperty("nodes").EnumerateArray());
        Assert.Equal("a", node.GetProperty("node").GetString());
        Assert.Equal("alive", node.GetProperty("state").GetString());
        Assert.DoesNotContain(Password, info + infoErrors + jobs + history, StringComparison.Ordinal);

        // remove: refused for a job a live host runs; an orphaned one goes, with its history when asked.
        var (refused, _, refusal) = await Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, ["remove", Tick, .. options]);
        Assert.Equal(1, refused);
        Assert.StartsWith($"kairos: error: job '{Tick}' is not orphaned: a running host of the cluster runs it;", refusal, StringComparison.Ordinal);
        cluster.Store.Reconcile(new StoredJob { Id = "cluster.gone", Source = "plugin:Gone" }, []);
        var removed = await Succeeds(Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, ["remove", "cluster.gone", "--history", "delete", .. options]));
        Assert.Equal("removed job 'cluster.gone' (0 triggers) and its history (0 run records)", removed.TrimEnd());
        Assert.Null(cluster.Store.GetJob("cluster.gone"));
        Assert.NotNull(cluster.Store.GetJob(Tick));
    }

    [Fact]
    public async Task Verbs_FailWithAClearMessage_WhenThePostgresSettingsAreMissingOrTheDatabaseHasNoSchema()
    {
        var empty = server.CreateDatabase("cli_empty");
        var folder = Directory.CreateTempSubdirectory("kairos-cli-").FullName;
        try
        {
            var (noConnection, _, noConnectionError) = await Cli.RunAsync(ClusterHarness.KairosDll, folder, "history", "--store", "postgres");
            var (noSchema, _, noSchemaError) = await Cli.RunAsync(ClusterHarness.KairosDll, folder, "jobs", "--store", "postgres", "--connection", empty);

            Assert.Equal(1, noConnection);
            Assert.Contains("Kairos:ConnectionString is empty", noConnectionError);
            Assert.Equal(1, noSchema);
            Assert.Contains("has no Kairos schema: start a host on it first", noSchemaError);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
