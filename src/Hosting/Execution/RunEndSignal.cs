namespace Kairos.Host.Execution;

/// <summary>
/// Tells those waiting for runs to end (<see cref="IScheduler.WaitForRunAsync"/>) that outcomes were just written on
/// this host, so they read the store again now rather than on their next poll. Says nothing about which runs.
/// </summary>
internal sealed class RunEndSignal
{
    private TaskCompletionSource _tcs = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>A task that completes at the next <see cref="Pulse"/> after this call.</summary>
    public Task Next() => Volatile.Read(ref _tcs).Task;

    /// <summary>Completes the current <see cref="Next"/> task and starts a new one.</summary>
    public void Pulse() =>
        Interlocked.Exchange(ref _tcs, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
}
