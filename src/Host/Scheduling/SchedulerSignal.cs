namespace Kairos.Host.Scheduling;

/// <summary>Wakes the scheduler loop early: a trigger changed, a run ended, a job was loaded or resumed.</summary>
internal sealed class SchedulerSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Wake() => Volatile.Read(ref _tcs).TrySetResult();

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
