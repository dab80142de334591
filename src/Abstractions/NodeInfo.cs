namespace Kairos;

/// <summary>One host of a cluster.</summary>
public sealed class NodeInfo
{
    /// <summary>The node id.</summary>
    public required string Id { get; init; }

    /// <summary>Whether its heartbeat is recent.</summary>
    public bool Alive { get; init; }

    /// <summary>Its last heartbeat.</summary>
    public DateTimeOffset? LastSeenUtc { get; init; }

    /// <summary>The jobs it can run.</summary>
    public IReadOnlyList<string> RunnableJobIds { get; init; } = [];
}
