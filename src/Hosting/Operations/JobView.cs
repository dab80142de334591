using Kairos.Host.Storage;

namespace Kairos.Host.Operations;

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
}

/// <summary>One trigger of a job, with its own next fire; <see cref="Misfire"/> in kebab case (<c>fire-once</c>).</summary>
internal sealed record TriggerView(string Key, string Schedule, string TimeZone, TriggerOrigin Origin, DateTimeOffset? NextFireUtc, DateTimeOffset? LastFireUtc, string Misfire, string? Data);
