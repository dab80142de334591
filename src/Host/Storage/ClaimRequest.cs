namespace Kairos.Host.Storage;

/// <summary>
/// What a node asks of <see cref="IRunStore.ClaimDueFires"/>: the fires due up to <see cref="Until"/> (a little after
/// <see cref="Now"/>, so that a claim is written before the instant it is for and its runs start on time).
/// </summary>
internal sealed record ClaimRequest(
    DateTimeOffset Now,
    IReadOnlySet<string> RunnableJobIds,
    string Node,
    DateTimeOffset LeaseUntil,
    int MaxTriggers,
    Func<string, Catalog.JobPolicies?> PoliciesOf,
    Scheduling.FirePlanner Planner)
{
    /// <summary>Fires due up to this instant are claimed; their runs wait in the ready queue until their instant.</summary>
    public DateTimeOffset Until { get; init; } = Now;
}
