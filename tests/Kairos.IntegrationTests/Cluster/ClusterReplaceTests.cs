using System.Text.Json;
using Kairos.Host.Storage.Runs;
using Kairos.IntegrationTests.Hosting;
using Kairos.IntegrationTests.Storage;
using Xunit.Abstractions;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>Overlap policy Replace across real host processes: the newer fire stops the running one wherever it runs.</summary>
[Collection(PostgresTestGroup.Name)]
public sealed class ClusterReplaceTests(PostgresServer server, ITestOutputHelper output)
{
    private const string Replace = "cluster.replace";

    [Fact]
    public async Task ReplacePolicy_CancelsTheRunningRunOnAnotherHost_AndTheNewerFireRunsInItsPlace()
    {
        using var cluster = new ClusterHarness(server, "replace", ClusterHarness.Relaxed);
        var hosts = new[] { "a", "b" }.Select(n => cluster.StartHost(n, "v1")).ToList();
        hosts.ForEach(h => cluster.WaitForNode(h, Replace));

        // A manual trigger through a host's control API wakes that host at once, so it adopts the run before the other
        // host's next housekeeping tick. Should the owner of the running run win that race of a few milliseconds anyway,
        // the replacement happened on one host (not what this test is about): try again from the other one.
        var old = await TriggerAndWaitForStartAsync(cluster, hosts[0]);
        RunRecord newer;
        var attempts = 0;
        while (true)
        {
            attempts++;
            var other = hosts.Single(h => h.Node != old.Node);
            newer = await TriggerAndWaitForStartAsync(cluster, other);
            if (newer.Node != old.Node || attempts == 3)
            {
                break;
            }
            old = newer;
        }

        var replaced = cluster.Store.GetRun(old.Id)!;
        var owner = hosts.Single(h => h.Node == old.Node);
        Assert.NotEqual(old.Node, newer.Node);
        Assert.Equal(RunStatus.Cancelled, replaced.Status);
        Assert.Equal("cancelled: a newer fire replaced it (overlap policy Replace)", replaced.ErrorMessage);
        Assert.Equal(old.Node, replaced.Node);
        var requested = Assert.NotNull(replaced.CancelRequestedUtc);
        Assert.True(newer.StartedUtc >= replaced.EndedUtc, $"the newer run started at {newer.StartedUtc:O}, before the old one ended at {replaced.EndedUtc:O}");
        Assert.Equal(RunStatus.Running, cluster.Store.GetRun(newer.Id)!.Status);
        await owner.WaitForOutputAsync($"Run {old.Id} of {Replace} is cancelled: another node's newer fire replaces it", TimeSpan.FromSeconds(10));
        await hosts.Single(h => h.Node == newer.Node).WaitForOutputAsync($"Run {old.Id} of {Replace} on node {old.Node} is asked to stop: run {newer.Id} replaces it", TimeSpan.FromSeconds(10));
        var stopped = replaced.EndedUtc!.Value - requested;
        var started = newer.StartedUtc!.Value - requested;
        // The owner polls for requests every housekeeping tick (1 s), the replacing host retries its start every tick:
        // about 2 s; the margin is for a 2-core machine shared with builds.
        Assert.True(started < TimeSpan.FromSeconds(10), $"the newer run started {started} after the request");
        output.WriteLine($"[replace] run {old.Id} on {old.Node} replaced by run {newer.Id} on {newer.Node} (attempt {attempts}): "
            + $"cancelled {stopped.TotalMilliseconds:0} ms after the request, newer run started {started.TotalMilliseconds:0} ms after it");
    }

    private static async Task<RunRecord> TriggerAndWaitForStartAsync(ClusterHarness cluster, HostProcess via)
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, cluster.Folder, "trigger", Replace, "--json", "--db", cluster.NodeFile(via.Node));
        Assert.True(exit == 0, stderr);
        var id = JsonDocument.Parse(stdout).RootElement.GetProperty("runId").GetString()!;
        RunRecord? run = null;
        cluster.WaitUntil(() => (run = cluster.Store.GetRun(id)) is { Status: RunStatus.Running }, TimeSpan.FromSeconds(30), $"run {id} to start");
        return run!;
    }
}
