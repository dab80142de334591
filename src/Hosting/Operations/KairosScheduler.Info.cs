using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations;

/// <summary>The scheduler's state: node, store, sources, runs in progress, nodes and problems.</summary>
internal sealed partial class KairosScheduler
{
    /// <summary>The most runs in progress that <see cref="GetInfoAsync"/> lists.</summary>
    internal const int RunningShown = 1000;

    public Task<SchedulerInfo> GetInfoAsync(CancellationToken cancellationToken = default)
    {
        var sections = _parts.Contributors.ToDictionary(c => c.Section, c => c.Snapshot(), StringComparer.Ordinal);
        return Task.FromResult(new SchedulerInfo
        {
            Node = NodeId,
            Version = Version,
            StoreKind = StoreKindWord,
            Store = StoreDescription,
            HostRunning = HostRunning,
            StartedUtc = StartedUtc,
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
            Running = [.. Running().Select(r => ToInfo(r, withLog: false))],
            Nodes = sections.GetValueOrDefault("nodes") is IEnumerable<NodesInfoContributor.NodeView> nodes
                ? [.. nodes.Select(n => new NodeInfo { Id = n.Node, Alive = n.State == NodeState.Alive, LastSeenUtc = n.LastHeartbeatUtc, RunnableJobIds = n.RunnableJobIds })]
                : [new NodeInfo { Id = NodeId, Alive = HostRunning, RunnableJobIds = [.. _parts.Catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal)] }],
            Problems = [.. Problems().Select(p => p.Message)],
        });
    }

    internal string NodeId => _parts.Options.EffectiveNodeId;

    internal static string? Version => typeof(KairosScheduler).Assembly.GetName().Version?.ToString();

    internal string StoreKindWord => (_parts.Options.UsesPostgres ? StoreKind.Postgres : StoreKind.LiteDb).Word();

    /// <summary>The LiteDB file's full path, or the PostgreSQL server and database (never the password).</summary>
    internal string StoreDescription => _parts.Options.UsesPostgres
        ? PostgresStore.DescribeConnection(_parts.Options.ConnectionString)
        : Path.GetFullPath(_parts.Options.DatabasePath);

    internal DateTimeOffset? StartedUtc => _parts.HostStart?.Utc;

    internal int StoredJobCount => _parts.Jobs.GetJobs().Count;

    internal IReadOnlyList<string> RunnableHere => [.. _parts.Catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal)];

    /// <summary>The runs in progress on every node.</summary>
    internal IReadOnlyList<RunRecord> Running() => _parts.Runs.Query(null, RunStatus.Running, RunningShown);

    /// <summary>What the catalog and the host's parts report wrong.</summary>
    internal IEnumerable<SourceProblem> Problems() =>
        _parts.Catalog.Current.Problems.Concat(_parts.Contributors.SelectMany(c => c.Problems()));

    /// <summary>The sections the host's parts add to <c>info</c> (plugins, scripts, nodes), each a snapshot taken now.</summary>
    internal IEnumerable<(string Section, object Snapshot)> Sections() => _parts.Contributors.Select(c => (c.Section, c.Snapshot()));
}
