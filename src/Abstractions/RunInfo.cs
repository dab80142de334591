namespace Kairos;

/// <summary>One run record: a fire of a job and what became of it.</summary>
public sealed class RunInfo
{
    /// <summary>The run id (time-ordered).</summary>
    public required string Id { get; init; }

    /// <summary>The job that ran.</summary>
    public required string JobId { get; init; }

    /// <summary>The trigger that fired it (<c>manual</c> for <see cref="IScheduler.TriggerAsync"/>).</summary>
    public required string TriggerKey { get; init; }

    /// <summary>What became of it.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The attempt number, starting at 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The instant (UTC) the trigger was scheduled to fire.</summary>
    public DateTimeOffset ScheduledUtc { get; init; }

    /// <summary>When the attempt started, or <see langword="null"/> when it did not.</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>When the attempt ended, or <see langword="null"/> when it has not.</summary>
    public DateTimeOffset? EndedUtc { get; init; }

    /// <summary>How long the attempt ran, or <see langword="null"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The node that ran it, or <see langword="null"/>.</summary>
    public string? Node { get; init; }

    /// <summary>The version of the source that ran it, or <see langword="null"/>.</summary>
    public string? Version { get; init; }

    /// <summary>The run's data as a JSON text, or <see langword="null"/>.</summary>
    public string? DataJson { get; init; }

    /// <summary>What queued the run: a trigger (the default), a backfill, a chain or a run-once job.</summary>
    public RunOrigin Origin { get; init; }

    /// <summary>The exception type of a failed run, or <see langword="null"/>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error message of a run that did not succeed (the exception's, or the host's reason), or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The exception's stack trace, or <see langword="null"/>.</summary>
    public string? ErrorStackTrace { get; init; }

    /// <summary>The run's last log lines (empty in pages of <see cref="IScheduler.GetRunsAsync"/>; filled by <see cref="IScheduler.GetRunAsync"/>).</summary>
    public IReadOnlyList<string> Log { get; init; } = [];
}
