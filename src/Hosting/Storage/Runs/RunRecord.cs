using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Leases;

namespace Kairos.Host.Storage.Runs;

/// <summary>
/// One fire of one trigger (or one attempt of it): the unit of run history. Immutable: a run's transitions
/// (the methods below) make new records, so a record handed to the writer or another thread never changes.
/// </summary>
internal sealed record RunRecord
{
    public required string Id { get; init; }
    public required string JobId { get; init; }
    public required string TriggerKey { get; init; }
    public required string ConcurrencyKey { get; init; }
    public required DateTimeOffset ScheduledUtc { get; init; }
    /// <summary>A pending run does not start before this instant (retry backoff). Equal to <see cref="ScheduledUtc"/> otherwise.</summary>
    public required DateTimeOffset NotBeforeUtc { get; init; }
    public DateTimeOffset? StartedUtc { get; init; }
    public DateTimeOffset? EndedUtc { get; init; }
    public required RunStatus Status { get; init; }
    public int Attempt { get; init; } = 1;
    public int Priority { get; init; }
    public string? Node { get; init; }
    public string? Version { get; init; }
    public string? DataJson { get; init; }
    public string? ErrorType { get; init; }
    public string? ErrorMessage { get; init; }
    public string? ErrorStack { get; init; }
    /// <summary>The lines the job logged, captured once its run ended (empty before).</summary>
    public IReadOnlyList<string> Log { get; init; } = [];
    /// <summary>The run is considered alive on its node until this instant; renewed while it runs.</summary>
    public DateTimeOffset? LeaseExpiresUtc { get; init; }
    /// <summary>Grows on every claim of this record; a node may write an outcome only with the token it claimed.</summary>
    public long Fence { get; init; }
    /// <summary>
    /// When another node asked the run's owner to stop it (a newer fire of its concurrency key replaces it under overlap
    /// policy Replace); null when nobody did. The owner polls for it on its housekeeping tick.
    /// </summary>
    public DateTimeOffset? CancelRequestedUtc { get; init; }
    /// <summary>The operator who asked for the cancellation (<see cref="ILeaseStore.RequestRunCancellation"/>); null for a replacement or none.</summary>
    public string? CancelRequestedBy { get; init; }
    /// <summary>
    /// How many times a host died while this fire was in flight (running, or pending when its start may not have been
    /// written yet), counted over its attempts since the last one that ended by itself. A run with a count is started
    /// only once its start is written, so a host death during it is seen; at the limit it is not re-run (crash loop).
    /// </summary>
    public int HostDeaths { get; init; }
    /// <summary>
    /// The W3C <c>traceparent</c> of the activity that queued this run (a trigger request made under a trace), so that
    /// the run's span is its child; null for a cron fire (a root span). Kept by the run's retries.
    /// </summary>
    public string? TraceParent { get; init; }
    /// <summary>The W3C <c>tracestate</c> that came with <see cref="TraceParent"/>; null when there was none.</summary>
    public string? TraceState { get; init; }
    /// <summary>What queued the run; kept by its retries. Records written before origins existed read as <see cref="RunOrigin.Trigger"/>.</summary>
    public RunOrigin Origin { get; init; }
    /// <summary>
    /// For a backfill run: it starts only while fewer than this many runs of its concurrency key run (the job's own
    /// limit holds too), and waits while its key is busy rather than be skipped or replace the running run; kept by its
    /// retries. Null for every other run.
    /// </summary>
    public int? MaxParallel { get; init; }

    /// <summary>How many runs of its concurrency key may run when this one starts: <paramref name="jobLimit"/>, or a backfill's smaller <see cref="MaxParallel"/>.</summary>
    public int StartLimit(int jobLimit) => MaxParallel is { } most ? Math.Min(most, jobLimit) : jobLimit;

    /// <summary>The priority of a run an operator or a job queues by hand: ahead of the fires of every trigger.</summary>
    public const int QueuedByHandPriority = int.MaxValue / 2;

    public TimeSpan? Duration => StartedUtc is { } s && EndedUtc is { } e ? e - s : null;

    /// <summary>
    /// A pending run of <paramref name="jobId"/> queued at <paramref name="now"/> outside the job's triggers (a manual
    /// trigger, a chain, a run-once job) under <paramref name="triggerKey"/>: due at once, ahead of scheduled fires.
    /// </summary>
    public static RunRecord QueuedNow(string jobId, string triggerKey, JobPolicies policies, DateTimeOffset now, RunOrigin origin) => new()
    {
        Id = RunIds.New(now),
        JobId = jobId,
        TriggerKey = triggerKey,
        ConcurrencyKey = policies.ConcurrencyKey(jobId, triggerKey),
        ScheduledUtc = now,
        NotBeforeUtc = now,
        Status = RunStatus.Pending,
        Priority = QueuedByHandPriority,
        Origin = origin,
    };

    /// <summary>This run claimed by <paramref name="node"/> (its lease until <paramref name="leaseUntil"/>), not started yet.</summary>
    public RunRecord Claimed(string node, DateTimeOffset leaseUntil) => this with { Node = node, LeaseExpiresUtc = leaseUntil };

    /// <summary>This run started at <paramref name="now"/> on <paramref name="node"/> with this version of its job: its fence grows.</summary>
    public RunRecord Started(string node, string version, DateTimeOffset now, DateTimeOffset leaseUntil) => this with
    {
        Status = RunStatus.Running,
        StartedUtc = now,
        Node = node,
        Version = version,
        Fence = Fence + 1,
        LeaseExpiresUtc = leaseUntil,
    };

    /// <summary>This run ended at <paramref name="now"/> with <paramref name="status"/>, and this message if one is given.</summary>
    public RunRecord Ended(RunStatus status, DateTimeOffset now, string? message = null) => this with
    {
        Status = status,
        EndedUtc = now,
        ErrorMessage = message ?? ErrorMessage,
    };

    /// <summary>This run ended at <paramref name="now"/> by <paramref name="error"/>, with <paramref name="status"/> (failed or retrying).</summary>
    public RunRecord Failed(RunStatus status, DateTimeOffset now, Exception error) => this with
    {
        Status = status,
        EndedUtc = now,
        ErrorType = error.GetType().FullName,
        ErrorMessage = error.Message,
        ErrorStack = error.StackTrace,
    };

    /// <summary>This run interrupted at <paramref name="now"/>: its host stopped or died while it was in flight.</summary>
    public RunRecord Interrupted(DateTimeOffset now, string message) => Ended(RunStatus.Interrupted, now, message);

    /// <summary>This outcome as written over the stored run: no lease, and the stored run's cancellation request kept.</summary>
    public RunRecord WrittenOver(RunRecord stored) => this with
    {
        LeaseExpiresUtc = null, CancelRequestedUtc = stored.CancelRequestedUtc, CancelRequestedBy = stored.CancelRequestedBy,
    };
}
