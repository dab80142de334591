using Kairos.Host.Execution;
using Kairos.Host.Scheduling.Chores;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// Wakes the scheduler loop early: a trigger changed, a job was loaded, paused or resumed (<see cref="Wake"/>: the
/// loop reads the next due instant again), or a run ended (<see cref="SlotFreed"/>: nothing to re-read). Triggers added
/// by code (<see cref="TriggersAdded"/>) wake it only when their first fire is earlier than the instant it sleeps until:
/// a million registrations of triggers due next month cost the loop nothing.
/// </summary>
internal sealed class SchedulerSignal : IDispatchSignal
{
    private const long None = long.MaxValue;
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingAdded;
    private int _changed = 1;
    private int _choresAsked;
    private long _earliestAdded = None;
    private long _sleepingUntil = long.MinValue;

    /// <summary>Wakes the loop and tells it that triggers or jobs may have changed.</summary>
    public void Wake()
    {
        Volatile.Write(ref _choresAsked, 1);
        Changed();
    }

    /// <summary>Wakes the loop for a slot that became free: due runs may start; the schedule did not change.</summary>
    public void SlotFreed() => WakeOnly();

    /// <summary>Wakes the loop and tells it that pending runs were added outside a claim (manual trigger, retry, recovery).</summary>
    public void PendingAdded()
    {
        Volatile.Write(ref _pendingAdded, 1);
        Changed();
    }

    /// <summary>True once after each <see cref="Wake"/>: the loop's chores may have something to do (<see cref="Housekeeping.Asked"/>).</summary>
    public bool TakeChoresAsked() => Interlocked.Exchange(ref _choresAsked, 0) == 1;

    /// <summary>
    /// Triggers were added or changed whose earliest first fire is <paramref name="earliest"/> (null: they never fire):
    /// the loop takes that instant as a due instant (<see cref="TakeEarliestAdded"/>), and is woken only when it is
    /// earlier than the instant the loop sleeps until.
    /// </summary>
    public void TriggersAdded(DateTimeOffset? earliest)
    {
        if (earliest is not { } at)
        {
            return;
        }
        var ticks = at.UtcTicks;
        var seen = Interlocked.Read(ref _earliestAdded);
        while (ticks < seen)
        {
            var was = Interlocked.CompareExchange(ref _earliestAdded, ticks, seen);
            if (was == seen)
            {
                break;
            }
            seen = was;
        }
        // After the exchange above (a full fence): the loop either publishes its sleep after it and then sees the
        // instant (WillSleepUntil), or published it before, and is woken here.
        if (ticks < Interlocked.Read(ref _sleepingUntil))
        {
            WakeOnly();
        }
    }

    /// <summary>The earliest first fire of triggers added since the last call (<see cref="TriggersAdded"/>), or null.</summary>
    public DateTimeOffset? TakeEarliestAdded()
    {
        var ticks = Interlocked.Exchange(ref _earliestAdded, None);
        return ticks == None ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
    }

    /// <summary>
    /// The loop is about to sleep until <paramref name="until"/>. False when triggers added meanwhile fire earlier: the
    /// loop must not sleep but run again.
    /// </summary>
    public bool WillSleepUntil(DateTimeOffset until)
    {
        Interlocked.Exchange(ref _sleepingUntil, until.UtcTicks);
        return Interlocked.Read(ref _earliestAdded) >= until.UtcTicks;
    }

    /// <summary>True once after each <see cref="PendingAdded"/>.</summary>
    public bool TakePendingAdded() => Interlocked.Exchange(ref _pendingAdded, 0) == 1;

    /// <summary>True once after each <see cref="Wake"/> (and at first): the next due instant must be read again.</summary>
    public bool TakeChanged() => Interlocked.Exchange(ref _changed, 0) == 1;

    /// <summary>A task that completes at the next wake-up after this call.</summary>
    public Task Next()
    {
        while (true)
        {
            var current = Volatile.Read(ref _tcs);
            if (!current.Task.IsCompleted)
            {
                return current.Task;
            }
            var fresh = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (Interlocked.CompareExchange(ref _tcs, fresh, current) == current)
            {
                return fresh.Task;
            }
        }
    }

    private void Changed()
    {
        Volatile.Write(ref _changed, 1);
        WakeOnly();
    }

    private void WakeOnly() => Volatile.Read(ref _tcs).TrySetResult();
}
