using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// The <c>nodes</c> section of <c>kairos info --json</c>: every host of the cluster with its state, last heartbeat,
/// the job ids it can run (as it published them) and the runs it is running. With LiteDB: this host alone.
/// <paramref name="cluster"/> gives the cluster store, asked for only with <c>Kairos:Store</c> <c>postgres</c>;
/// <paramref name="hostStart"/>, this host's start (the LiteDB entry's, the same instant as <c>info</c>'s top level).
/// </summary>
internal sealed class NodesInfoContributor(
    Func<PostgresStore> cluster,
    IRunHistory runs,
    IRunnableJobs runnable,
    TimeProvider time,
    IOptions<KairosOptions> options,
    HostStartTime? hostStart) : IInfoContributor
{
    public string Section => "nodes";

    public object Snapshot()
    {
        var running = runs.Query(null, RunStatus.Running, 10_000).ToLookup(r => r.Node ?? "?");
        if (!options.Value.UsesPostgres)
        {
            var node = options.Value.EffectiveNodeId;
            return new[]
            {
                new NodeView(node, NodeState.Alive, Environment.MachineName, Environment.ProcessId, Version(), hostStart?.Utc, time.GetUtcNow(), null, null,
                    [.. runnable.Current.Order(StringComparer.Ordinal)], Running(running[node])),
            };
        }
        var store = cluster();
        try
        {
            return store.GetNodes().Select(n => new NodeView(
                n.NodeId, n.Alive ? NodeState.Alive : n.StoppedUtc is null ? NodeState.Dead : NodeState.Stopped, n.HostName, n.ProcessId, n.HostVersion,
                n.StartedUtc, n.LastSeenUtc, n.StoppedUtc, n.ClockSkewMs, n.RunnableJobIds, Running(running[n.NodeId]))).ToList();
        }
        catch (NpgsqlException e)
        {
            return new { error = $"{store.Describe} did not answer: {e.Message}" };
        }
    }

    private static string? Version() => typeof(NodesInfoContributor).Assembly.GetName().Version?.ToString();

    private static List<RunningView> Running(IEnumerable<RunRecord> records) =>
        [.. records.OrderBy(r => r.StartedUtc).Select(r => new RunningView(r.Id, r.JobId, r.TriggerKey, r.Version, r.StartedUtc, r.LeaseExpiresUtc))];

    internal sealed record NodeView(
        string Node, NodeState State, string Host, int ProcessId, string? Version, DateTimeOffset? StartedUtc, DateTimeOffset LastHeartbeatUtc,
        DateTimeOffset? StoppedUtc, double? ClockSkewMs, IReadOnlyList<string> RunnableJobIds, IReadOnlyList<RunningView> Running);

    internal sealed record RunningView(string RunId, string JobId, string TriggerKey, string? Version, DateTimeOffset? StartedUtc, DateTimeOffset? LeaseExpiresUtc);
}
