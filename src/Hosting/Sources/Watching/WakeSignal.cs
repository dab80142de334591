namespace Kairos.Host.Sources.Watching;

/// <summary>
/// An auto-reset wake-up to await with a timeout: many sets before a wait count as one. The folder watch's one
/// primitive: file events, the watcher's errors and rescan requests all set it.
/// </summary>
internal sealed class WakeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_gate)
        {
            _next.TrySetResult();
        }
    }

    /// <summary>True when the signal was set (and is now reset); false when the timeout passed first.</summary>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="timeProvider">The clock of the timeout.</param>
    /// <param name="cancellationToken">Ends the wait with an <see cref="OperationCanceledException"/>.</param>
    public async Task<bool> WaitAsync(TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        Task current;
        lock (_gate)
        {
            current = _next.Task;
        }
        try
        {
            await current.WaitAsync(timeout, timeProvider, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            return false;
        }
        lock (_gate)
        {
            if (_next.Task.IsCompleted)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
        return true;
    }
}
