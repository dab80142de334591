namespace Kairos.Host.Storage;

/// <summary>What a node asks of <see cref="IRunStore.ClaimDueFires"/>.</summary>
internal sealed record ClaimRequest(
    DateTimeOffset Now,
    IReadOnlySet<string> RunnableJobIds,
    string Node,
    DateTimeOffset LeaseUntil,
    int MaxTriggers,
    Func<string, Catalog.JobPolicies?> PoliciesOf,
    Scheduling.FirePlanner Planner);
