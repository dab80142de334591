using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Operations.Explain;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations.Queries;

/// <summary>The scheduler's state: node, store, sources, nodes and problems, as the host's parts report them.</summary>
internal sealed class SchedulerState(IOptions<KairosOptions> options, IEnumerable<IInfoContributor> contributors, JobCatalog catalog, HostReach reach, TimeProvider time)
{
    private readonly IReadOnlyList<IInfoContributor> _contributors = [.. contributors];

    /// <summary>The scheduler's state with <paramref name="running"/>, the runs in progress on every node.</summary>
    public SchedulerInfo Info(IReadOnlyList<RunRecord> running)
    {
        var sections = _contributors.ToDictionary(c => c.Section, c => c.Snapshot(), StringComparer.Ordinal);
        return new SchedulerInfo
        {
            Node = NodeId,
            Version = Version,
            StoreKind = StoreKindWord,
            Store = StoreDescription,
            HostRunning = reach.HostRunning,
            StartedUtc = reach.StartedUtc,
            Plugins = sections.GetValueOrDefault("plugins") is PluginInfoContributor.PluginsSection plugins
                ? [.. plugins.Current.Select(p => new SourceInfo { Name = p.Name, Path = p.Path, Version = p.Version, JobIds = p.JobIds, Problem = p.Error })]
                : [],
            Scripts = sections.GetValueOrDefault("scripts") is ScriptsSnapshot scripts
                ? [.. scripts.Scripts.Select(s => new SourceInfo
                {
                    Name = Path.GetFileName(s.Path),
                    Path = s.Path,
                    Version = s.Version,
                    JobIds = s.JobId is null ? [] : [s.JobId],
                    Problem = s.Diagnostics.Count == 0 ? null : string.Join("; ", s.Diagnostics),
                })]
                : [],
            Running = [.. running.Select(r => RunQueries.ToInfo(r, withLog: false))],
            Nodes = sections.GetValueOrDefault("nodes") is IEnumerable<NodesInfoContributor.NodeView> nodes
                ? [.. nodes.Select(n => new NodeInfo { Id = n.Node, Alive = n.State == NodeState.Alive, LastSeenUtc = n.LastHeartbeatUtc, RunnableJobIds = n.RunnableJobIds })]
                : [new NodeInfo { Id = NodeId, Alive = reach.HostRunning, RunnableJobIds = [.. catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal)] }],
            Problems = [.. Problems().Select(p => p.Message)],
        };
    }

    public string NodeId => options.Value.EffectiveNodeId;

    public static string? Version => typeof(KairosScheduler).Assembly.GetName().Version?.ToString();

    public string StoreKindWord => (options.Value.UsesPostgres ? StoreKind.Postgres : StoreKind.LiteDb).Word();

    /// <summary>The LiteDB file's full path, or the PostgreSQL server and database (never the password).</summary>
    public string StoreDescription => options.Value.UsesPostgres
        ? PostgresStore.DescribeConnection(options.Value.ConnectionString)
        : Path.GetFullPath(options.Value.DatabasePath);

    /// <summary>What the catalog and the host's parts report wrong.</summary>
    public IEnumerable<SourceProblem> Problems() =>
        catalog.Current.Problems.Concat(_contributors.SelectMany(c => c.Problems()));

    /// <summary>The sections the host's parts add to <c>info</c> (plugins, scripts, nodes), each a snapshot taken now.</summary>
    public IEnumerable<(string Section, object Snapshot)> Sections() => _contributors.Select(c => (c.Section, c.Snapshot()));

    /// <summary>The hosts the store knows (the cluster's nodes table; with LiteDB this host alone, when one runs) and whether each loads the job.</summary>
    public List<ExplainNodeView> Nodes(string jobId)
    {
        if (Sections().Where(s => s.Section == "nodes").Select(s => s.Snapshot).FirstOrDefault() is IEnumerable<NodesInfoContributor.NodeView> nodes)
        {
            return [.. nodes.Select(n => new ExplainNodeView(
                n.Node, n.State == NodeState.Alive, n.StartedUtc, n.LastHeartbeatUtc, n.StoppedUtc, n.RunnableJobIds.Contains(jobId), n.RunnableJobIds))];
        }
        if (!reach.HostRunning)
        {
            return [];
        }
        var runnable = reach.RunnableHere;
        return [new ExplainNodeView(NodeId, true, reach.StartedUtc, time.GetUtcNow(), null, runnable.Contains(jobId), runnable)];
    }
}
