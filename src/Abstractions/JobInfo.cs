namespace Kairos;

/// <summary>One job as the scheduler sees it (Metabase's <c>job-info</c>): its declaration, triggers, state and last run.</summary>
public sealed class JobInfo
{
    /// <summary>The job id.</summary>
    public required string Id { get; init; }

    /// <summary>What the job does, as declared.</summary>
    public string Description { get; init; } = "";

    /// <summary>Where the job comes from: the plugin file, the script file, or <c>app</c> for a job of the embedding application.</summary>
    public required string Source { get; init; }

    /// <summary>The version of the source that declared it (a content hash), or <see langword="null"/>.</summary>
    public string? Version { get; init; }

    /// <summary>The job's state.</summary>
    public required JobState State { get; init; }

    /// <summary>Why the job is paused or disabled, or <see langword="null"/>.</summary>
    public string? StateReason { get; init; }

    /// <summary>Who paused the job (<c>api</c>, <c>cli:USER</c>, <c>job:ID</c>, <c>auto-pause</c>), or <see langword="null"/>.</summary>
    public string? PausedBy { get; init; }

    /// <summary>When a paused job resumes by itself, or <see langword="null"/>.</summary>
    public DateTimeOffset? PausedUntilUtc { get; init; }

    /// <summary>The next instant (UTC) any trigger of the job fires, or <see langword="null"/> when none will.</summary>
    public DateTimeOffset? NextFireUtc { get; init; }

    /// <summary>The job's triggers, ordered by key.</summary>
    public IReadOnlyList<TriggerInfo> Triggers { get; init; } = [];

    /// <summary>The job's newest run record, or <see langword="null"/> when it never ran.</summary>
    public RunInfo? LastRun { get; init; }

    /// <summary>Problems its source reports (a script that does not compile), each a sentence naming the file.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];
}
