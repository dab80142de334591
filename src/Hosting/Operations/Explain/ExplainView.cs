namespace Kairos.Host.Operations.Explain;

/// <summary>
/// The answer of <c>kairos explain JOB --json</c> and <c>GET /api/jobs/{id}/explain</c>: for the instant asked
/// (<see cref="AtUtc"/>), the one-sentence <see cref="Answer"/> about the fire nearest it, what holds the job now
/// (<see cref="Holds"/>), each trigger's scheduled instants around it with what became of each, and the hosts known.
/// The shape is stable; words (outcomes, hold kinds, statuses) are kebab case.
/// </summary>
internal sealed record ExplainView(
    string JobId,
    DateTimeOffset AtUtc,
    DateTimeOffset NowUtc,
    string Answer,
    IReadOnlyList<ExplainHoldView> Holds,
    IReadOnlyList<ExplainTriggerView> Triggers,
    IReadOnlyList<ExplainNodeView> Nodes);

/// <summary>What keeps the job from firing now: <see cref="Kind"/> <c>paused</c>, <c>disabled</c> or <c>switched-off</c>, since when (from the audit trail; null when it does not say), by whom, until when, and why.</summary>
internal sealed record ExplainHoldView(FireOutcome Kind, string? By, DateTimeOffset? SinceUtc, DateTimeOffset? UntilUtc, string? Reason);

/// <summary>
/// One trigger: its schedule, window and stored next fire, its scheduled instants around the instant asked, oldest
/// first (<see cref="ExplainedFire.Asked"/> marks the one the answer is about), and notes (the instant outside its
/// window, its end).
/// </summary>
internal sealed record ExplainTriggerView(
    string Key,
    string Schedule,
    string TimeZone,
    DateTimeOffset? StartUtc,
    DateTimeOffset? EndUtc,
    DateTimeOffset? NextFireUtc,
    DateTimeOffset? LastFireUtc,
    IReadOnlyList<ExplainedFire> Fires,
    IReadOnlyList<string> Notes);

/// <summary>
/// One scheduled instant and what became of it: <see cref="Outcome"/>, a sentence (<see cref="Text"/>), and what it
/// rests on: the run (id, status, attempt, node), the run a skipped fire overlapped, who held the job and since when.
/// </summary>
internal sealed record ExplainedFire(DateTimeOffset ScheduledUtc, FireOutcome Outcome, string Text)
{
    /// <summary>The fire the answer is about: the last at or before the instant asked (the first after it when the instant is in the future).</summary>
    public bool Asked { get; init; }

    public string? RunId { get; init; }

    public RunStatus? Status { get; init; }

    public int? Attempt { get; init; }

    public string? Node { get; init; }

    /// <summary>For a fire skipped by overlap: the run that was still running.</summary>
    public string? OverlappedRunId { get; init; }

    /// <summary>Who paused or disabled the job, for a held fire.</summary>
    public string? By { get; init; }

    /// <summary>Since when the job was held, for a held fire (null when the audit trail does not say).</summary>
    public DateTimeOffset? SinceUtc { get; init; }
}

/// <summary>A host known to the store: up now or when last seen, since when, and whether it loads the job.</summary>
internal sealed record ExplainNodeView(
    string Id, bool Alive, DateTimeOffset? StartedUtc, DateTimeOffset? LastSeenUtc, DateTimeOffset? StoppedUtc, bool LoadsJob, IReadOnlyList<string> RunnableJobIds);
