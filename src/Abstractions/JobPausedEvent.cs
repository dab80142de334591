namespace Kairos;

/// <summary>A job was paused (<see cref="ISchedulerListener.OnJobPausedAsync"/>).</summary>
public sealed class JobPausedEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "job-paused";

    /// <summary>Who paused it: <c>api</c>, <c>cli:USER</c>, <c>job:ID</c> or <c>auto-pause</c>.</summary>
    public required string By { get; init; }

    /// <summary>Why, or <see langword="null"/>.</summary>
    public string? Reason { get; init; }

    /// <summary>When it resumes by itself, or <see langword="null"/>.</summary>
    public DateTimeOffset? UntilUtc { get; init; }
}
