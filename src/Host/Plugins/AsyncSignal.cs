namespace Kairos.Host.Plugins;

/// <summary>An auto-reset signal to await with a timeout: many sets before a wait count as one.</summary>
internal sealed class AsyncSignal
{
    private readonly object _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Set()
    {
        lock (_gate)
        {
            _next.TrySetResult();
        }
    }

    /// <summary>True when the signal was set (and is now reset); false when the timeout passed first.</summary>
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
