namespace Kairos.Host.Watchdog;

/// <summary>
/// What one part of the scheduler (the loop, the dispatcher) is doing and since when, published by that part at each
/// step and read by the watchdog's thread. Lock-free: one immutable <see cref="ProgressSnapshot"/> swapped in per step.
/// </summary>
internal sealed class ProgressStamp(string part, TimeProvider time)
{
    private volatile ProgressSnapshot _current = new(part, "not started", time.GetUtcNow(), null, Idle: true);

    /// <summary>The part's name: <c>scheduler-loop</c> or <c>dispatcher</c>.</summary>
    public string Part => part;

    public ProgressSnapshot Current => _current;

    /// <summary>The part starts <paramref name="step"/> now; it is stalled if it is still in it after the threshold.</summary>
    public void Step(string step) => _current = new ProgressSnapshot(part, step, time.GetUtcNow(), null, Idle: false);

    /// <summary>The part waits until <paramref name="until"/>; it is stalled if it has not moved on by then plus the threshold.</summary>
    public void Waiting(DateTimeOffset until) => _current = new ProgressSnapshot(part, "waiting", time.GetUtcNow(), until, Idle: false);

    /// <summary>The part has nothing to do until called again: never stalled while idle.</summary>
    public void Idle() => _current = new ProgressSnapshot(part, "idle", time.GetUtcNow(), null, Idle: true);
}

/// <summary>One stamp: the part, its step, since when, until when it waits (for a wait), and whether it is idle.</summary>
internal sealed record ProgressSnapshot(string Part, string Step, DateTimeOffset SinceUtc, DateTimeOffset? UntilUtc, bool Idle)
{
    /// <summary>The instant after which this stamp, unchanged, means a stall.</summary>
    public DateTimeOffset? StalledAfter(TimeSpan threshold) => Idle ? null : (UntilUtc ?? SinceUtc) + threshold;
}
