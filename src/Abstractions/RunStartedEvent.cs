namespace Kairos;

/// <summary>A run started (<see cref="ISchedulerListener.OnRunStartedAsync"/>).</summary>
public sealed class RunStartedEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "run-started";

    /// <summary>The run id.</summary>
    public required string RunId { get; init; }

    /// <summary>The trigger that fired it.</summary>
    public required string TriggerKey { get; init; }

    /// <summary>The attempt number, starting at 1.</summary>
    public int Attempt { get; init; } = 1;

    /// <summary>The instant (UTC) the trigger was scheduled to fire.</summary>
    public DateTimeOffset ScheduledUtc { get; init; }

    /// <summary>When the attempt started.</summary>
    public DateTimeOffset StartedUtc { get; init; }

    /// <summary>The version of the source that runs it.</summary>
    public string? Version { get; init; }
}
