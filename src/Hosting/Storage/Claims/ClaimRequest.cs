namespace Kairos.Host.Storage.Claims;

/// <summary>
/// What a node asks of <see cref="IClaimStore.ClaimDueFires"/>: the fires due up to <see cref="Until"/> (a little after
/// <see cref="Now"/>, so that a claim is written before the instant it is for and its runs start on time), planned by
/// <see cref="Planner"/> inside the claim's transaction.
/// </summary>
internal sealed record ClaimRequest(
    DateTimeOffset Now,
    IReadOnlySet<string> RunnableJobIds,
    string Node,
    DateTimeOffset LeaseUntil,
    int MaxTriggers,
    IClaimPlanner Planner)
{
    /// <summary>Fires due up to this instant are claimed; their runs wait in the ready queue until their instant.</summary>
    public DateTimeOffset Until { get; init; } = Now;

    /// <summary>This request's window, its instants truncated by <paramref name="precision"/> (the store's).</summary>
    public ClaimWindow Window(Func<DateTimeOffset, DateTimeOffset> precision) => new(precision(Now), precision(Until), Node, precision(LeaseUntil));
}
