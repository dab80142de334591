namespace Kairos.Host.Storage.Catalog;

/// <summary>How the scheduler treats the runs of one job: declared with it, and kept with it in the store (<see cref="StoredJob.Policies"/>).</summary>
internal sealed record JobPolicies
{
    public static JobPolicies Default { get; } = new();

    public OverlapPolicy Overlap { get; init; } = OverlapPolicy.Skip;
    public int MaxConcurrency { get; init; } = 1;
    public ConcurrencyScope Scope { get; init; } = ConcurrencyScope.Job;
    public int MaxAttempts { get; init; } = 1;
    public TimeSpan RetryBackoff { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan? Timeout { get; init; }
    public RecoveryPolicy Recovery { get; init; } = RecoveryPolicy.None;
    public int RetentionCount { get; init; }
    public TimeSpan? RetentionAge { get; init; }

    /// <summary>Pause the job after this many consecutive runs ended failed or timed out; 0: never.</summary>
    public int PauseAfterFailures { get; init; }

    /// <summary>The jobs to queue a run of when a run succeeds: ids joined by ',' (the catalog's <c>ChainTargets</c>); empty: none.</summary>
    public string OnSuccess { get; init; } = "";

    /// <summary>The jobs to queue a run of when a run fails after its last attempt or times out: ids joined by ','; empty: none.</summary>
    public string OnFailure { get; init; } = "";

    /// <summary>The most runs of one concurrency key that may run at once under this policy.</summary>
    public int ConcurrencyLimit => Overlap == OverlapPolicy.Allow ? Math.Max(1, MaxConcurrency) : 1;

    public string ConcurrencyKey(string jobId, string triggerKey) =>
        Scope == ConcurrencyScope.Trigger ? jobId + "/" + triggerKey : jobId;
}
