using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Statistics;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Operations.Views;

/// <summary>
/// One job as <c>kairos jobs --json</c> prints it. <see cref="Schedule"/>, <see cref="TimeZone"/> and
/// <see cref="NextFireUtc"/> are those of one trigger, <see cref="NextTrigger"/>: the one that fires next (the first by
/// key when none will fire); <see cref="Triggers"/> has each trigger with its own next fire.
/// </summary>
internal sealed record JobView(
    string Id,
    string Description,
    string Source,
    string? Schedule,
    string TimeZone,
    DateTimeOffset? NextFireUtc,
    JobState State,
    string? Version,
    string? PauseReason,
    IReadOnlyList<TriggerView> Triggers,
    IReadOnlyList<string> Problems)
{
    /// <summary>The key of the trigger that <see cref="Schedule"/> and <see cref="NextFireUtc"/> belong to; null for a job with no trigger.</summary>
    public string? NextTrigger { get; init; }

    /// <summary>Who paused the job (<c>cli:USER</c>, <c>api</c>, <c>job:ID</c>); null when it is not paused.</summary>
    public string? PausedBy { get; init; }

    /// <summary>When the paused job resumes by itself; null when not paused or paused until resumed.</summary>
    public DateTimeOffset? PausedUntilUtc { get; init; }

    /// <summary>Why configuration switches the job off (<c>Kairos:Jobs:ID:Enabled</c> or its start condition); null when it does not.</summary>
    public string? DisabledReason { get; init; }

    /// <summary>Who switched the job off by hand (<c>kairos disable</c>: <c>cli:USER</c>, <c>api</c>); null when no operator did.</summary>
    public string? DisabledBy { get; init; }

    /// <summary>Why the operator switched it off (<see cref="DisabledBy"/>); null when no reason was given or no operator did.</summary>
    public string? DisabledByOperatorReason { get; init; }

    /// <summary>The job's settings that configuration changed (<c>Kairos:Jobs:ID:KEY</c>), with the declared and the effective value.</summary>
    public IReadOnlyList<SettingOverrideView> OverriddenBy { get; init; } = [];

    /// <summary>The job's newest ended run (id, status, end, duration); null when none ended.</summary>
    public LastRunView? LastRun { get; init; }

    /// <summary>The jobs a run of this one queues when it succeeds (<see cref="JobAttribute.OnSuccess"/>); empty for none.</summary>
    public IReadOnlyList<string> OnSuccess { get; init; } = [];

    /// <summary>The jobs a run of this one queues when it fails after its last attempt or times out; empty for none.</summary>
    public IReadOnlyList<string> OnFailure { get; init; } = [];

    /// <summary>Succeeded of the outcomes among the job's newest runs (<see cref="RunStatistics.RecentRuns"/>), 0..1; null when none ended.</summary>
    public double? SuccessRate { get; init; }

    /// <summary>For a run-once job (#16): its key in the run-once ledger and how its run went; null for any other job or before its run is queued.</summary>
    public RunOnceView? RunOnce { get; init; }
}

/// <summary>One trigger of a job, with its own next fire; <see cref="Misfire"/> in kebab case (<c>fire-once</c>).</summary>
internal sealed record TriggerView(string Key, string Schedule, string TimeZone, TriggerOrigin Origin, DateTimeOffset? NextFireUtc, DateTimeOffset? LastFireUtc, string Misfire, string? Data)
{
    /// <summary>The trigger as declared, when configuration changed it (<see cref="OverriddenBy"/>); null otherwise.</summary>
    public DeclaredTriggerView? Declared { get; init; }

    /// <summary>The configuration section that changed it (<c>Kairos:Jobs:ID:Triggers:KEY</c>); null when it is as declared.</summary>
    public string? OverriddenBy { get; init; }

    /// <summary>The trigger's jitter (<c>00:05:00</c>), null when none; <see cref="NextFireUtc"/> already includes the job's offset.</summary>
    public string? Jitter { get; init; }

    /// <summary>The offset this job's and key's fires are moved by within <see cref="Jitter"/>; null when no jitter.</summary>
    public string? JitterOffset { get; init; }

    /// <summary>The exclusion calendars the trigger names (its fires in their windows are skipped); empty when none.</summary>
    public IReadOnlyList<string> Calendars { get; init; } = [];
}

/// <summary>A declared trigger's schedule, time zone, misfire policy (kebab case) and priority.</summary>
internal sealed record DeclaredTriggerView(string Schedule, string TimeZone, string Misfire, int Priority);

/// <summary>A job setting configuration changed: the key that did, its declared value and the value in force.</summary>
internal sealed record SettingOverrideView(string Key, string Declared, string Value);
