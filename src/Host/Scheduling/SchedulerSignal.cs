namespace Kairos.Host.Scheduling;

/// <summary>Wakes the scheduler loop early: a trigger changed, a run ended, a job was loaded or resumed.</summary>
internal sealed class SchedulerSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _pendingAdded;

    public void Wake() => Volatile.Read(ref _tcs).TrySetResult();

    /// <summary>Wakes the loop and tells it that pending runs were added outside a claim (manual trigger, retry, recovery).</summary>
    public void PendingAdded()
    {
        Volatile.Write(ref _pendingAdded, 1);
        Wake();
    }

    /// <summary>True once after each <see cref="PendingAdded"/>.</summary>
    public bool TakePendingAdded() => Interlocked.Exchange(ref _pendingAdded, 0) == 1;

    /// <summary>A task that completes at the next <see cref="Wake"/> after this call.</summary>
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
}
