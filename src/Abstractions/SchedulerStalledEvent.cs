namespace Kairos;

/// <summary>
/// A part of a host's scheduler stopped advancing, or advanced again (<see cref="ISchedulerListener.OnSchedulerStalledAsync"/>):
/// the host's watchdog saw the scheduler loop or the dispatcher stay in one step longer than its threshold (a starved
/// thread pool, a deadlock, a store call that never returns). The watchdog only reports it; it fires nothing itself.
/// </summary>
public sealed class SchedulerStalledEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "scheduler-stalled";

    /// <summary>The part: <c>scheduler-loop</c> or <c>dispatcher</c>.</summary>
    public required string Part { get; init; }

    /// <summary>The step it is (or was) stuck in, such as <c>claiming due fires</c>, <c>dispatching</c> or <c>waiting</c>.</summary>
    public required string Step { get; init; }

    /// <summary>When it entered that step (UTC).</summary>
    public DateTimeOffset SinceUtc { get; init; }

    /// <summary>How long it had been in that step when the event was raised.</summary>
    public TimeSpan StalledFor { get; init; }

    /// <summary><see langword="false"/>: it stalled; <see langword="true"/>: it advanced again after a stall.</summary>
    public bool Recovered { get; init; }
}
