namespace Kairos.TestSupport.Scripts;

/// <summary>
/// Job triggers whose <see cref="ListAsync"/> signals <see cref="Entered"/> and then waits for <see cref="Open"/>:
/// a script that awaits <c>Triggers.ListAsync(CancellationToken)</c> is held mid-run until the test lets it go.
/// </summary>
internal sealed class GatedTriggers(bool open = false) : IJobTriggers
{
    private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _gate = NewGate(open);

    public Task Entered => _entered.Task;

    public void Open() => _gate.TrySetResult();

    public async Task<IReadOnlyList<TriggerSpec>> ListAsync(CancellationToken cancellationToken)
    {
        _entered.TrySetResult();
        await _gate.Task.WaitAsync(cancellationToken);
        return [];
    }

    public Task UpsertAsync(TriggerSpec trigger, CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<bool> RemoveAsync(string key, CancellationToken cancellationToken) => Task.FromResult(false);

    private static TaskCompletionSource NewGate(bool open)
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (open)
        {
            gate.SetResult();
        }
        return gate;
    }
}
