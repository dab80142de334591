namespace Kairos.IntegrationTests.Cluster;

/// <summary>
/// Something the cluster test waits on may have changed: a task that completes on the next <see cref="Raise"/>. Many
/// raises while nobody waits count as one, so a waiter re-checks its condition at most once per wake-up.
/// </summary>
internal sealed class ChangeSignal
{
    private readonly Lock _gate = new();
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes on the next <see cref="Raise"/>; take it before checking the condition, so no change is missed.</summary>
    public Task Next
    {
        get
        {
            lock (_gate)
            {
                return _next.Task;
            }
        }
    }

    public void Raise()
    {
        TaskCompletionSource raised;
        lock (_gate)
        {
            raised = _next;
            _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        raised.TrySetResult();
    }
}
