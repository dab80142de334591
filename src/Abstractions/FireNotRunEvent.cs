namespace Kairos;

/// <summary>A fire recorded but not run (<see cref="ISchedulerListener.OnFireNotRunAsync"/>).</summary>
public sealed class FireNotRunEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "fire-not-run";

    /// <summary>The run record that records it.</summary>
    public required string RunId { get; init; }

    /// <summary>The trigger that was due.</summary>
    public required string TriggerKey { get; init; }

    /// <summary><see cref="RunStatus.Misfired"/> or <see cref="RunStatus.Skipped"/>.</summary>
    public required RunStatus Status { get; init; }

    /// <summary>The instant (UTC) it was due.</summary>
    public DateTimeOffset ScheduledUtc { get; init; }

    /// <summary>Why it did not run, as a sentence (naming the run it overlapped, or how late it was found).</summary>
    public required string Reason { get; init; }
}
