namespace Kairos;

/// <summary>A run ended (<see cref="ISchedulerListener.OnRunEndedAsync"/>).</summary>
public sealed class RunEndedEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "run-ended";

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The trigger that fired it.</summary>
    public required string TriggerKey { get; init; }

    /// <summary>How it ended: succeeded, failed, retrying, timed-out, cancelled or interrupted.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The attempt number, starting at 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The instant (UTC) the trigger was scheduled to fire.</summary>
    public DateTimeOffset ScheduledUtc { get; init; }

    /// <summary>When the attempt started, or <see langword="null"/> when it never did (interrupted before it started).</summary>
    public DateTimeOffset? StartedUtc { get; init; }

    /// <summary>When it ended.</summary>
    public DateTimeOffset EndedUtc { get; init; }

    /// <summary>How long it ran, or <see langword="null"/>.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>The version of the source that ran it.</summary>
    public string? Version { get; init; }

    /// <summary>The exception type, or <see langword="null"/>.</summary>
    public string? ErrorType { get; init; }

    /// <summary>The error message (the exception's, or the host's reason), or <see langword="null"/>.</summary>
    public string? ErrorMessage { get; init; }

    /// <summary>The exception's stack trace, or <see langword="null"/>.</summary>
    public string? ErrorStackTrace { get; init; }
}
