using Kairos.Host.Execution;

namespace Kairos.Host.Scheduling;

/// <summary>
/// Wakes the scheduler loop early: a trigger changed, a job was loaded, paused or resumed (<see cref="Wake"/>: the
/// loop reads the next due instant again), or a run ended (<see cref="SlotFreed"/>: nothing to re-read).
/// </summary>
internal sealed class SchedulerSignal : IDispatchSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingAdded;
    private int _changed = 1;

    /// <summary>Wakes the loop and tells it that triggers or jobs may have changed.</summary>
    public void Wake()
    {
        Volatile.Write(ref _changed, 1);
        WakeOnly();
    }

    /// <summary>Wakes the loop for a slot that became free: due runs may start; the schedule did not change.</summary>
    public void SlotFreed() => WakeOnly();

    /// <summary>Wakes the loop and tells it that pending runs were added outside a claim (manual trigger, retry, recovery).</summary>
    public void PendingAdded()
    {
        Volatile.Write(ref _pendingAdded, 1);
        Wake();
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

    private void WakeOnly() => Volatile.Read(ref _tcs).TrySetResult();
}
