namespace Kairos;

/// <summary>The scheduler's state (Metabase's <c>scheduler-info</c>).</summary>
public sealed class SchedulerInfo
{
    /// <summary>This node's id.</summary>
    public required string Node { get; init; }

    /// <summary>The version of Kairos.</summary>
    public string? Version { get; init; }

    /// <summary>The store's kind: <c>litedb</c> or <c>postgres</c>.</summary>
    public required string StoreKind { get; init; }

    /// <summary>The store: the LiteDB file's full path, or the PostgreSQL server and database (never the password).</summary>
    public required string Store { get; init; }

    /// <summary>Whether a host runs on this store (false when the CLI reads a store no host holds).</summary>
    public bool HostRunning { get; init; }

    /// <summary>When this host started, or <see langword="null"/>.</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>The loaded plugins.</summary>
    public IReadOnlyList<SourceInfo> Plugins { get; init; } = [];

    /// <summary>The loaded scripts.</summary>
    public IReadOnlyList<SourceInfo> Scripts { get; init; } = [];

    /// <summary>The runs in progress, on every node.</summary>
    public IReadOnlyList<RunInfo> Running { get; init; } = [];

    /// <summary>The nodes of the cluster (only this one on an embedded store).</summary>
    public IReadOnlyList<NodeInfo> Nodes { get; init; } = [];

    /// <summary>Problems the sources report, each a sentence naming the file.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
