using System.Collections.Concurrent;

namespace Kairos.Tests.Fakes;

/// <summary>Keeps every event it is told about, in order, and completes <see cref="WaitForAsync"/> when a condition holds.</summary>
public sealed class RecordingListener : ISchedulerListener
{
    private readonly ConcurrentQueue<SchedulerEvent> _events = new();
    private readonly List<(Func<IReadOnlyList<SchedulerEvent>, bool> Condition, TaskCompletionSource Done)> _waits = [];

    public IReadOnlyList<SchedulerEvent> Events => [.. _events];

    public ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) => Add(e);

    public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) => Add(e);

    public ValueTask OnFireNotRunAsync(FireNotRunEvent e, CancellationToken cancellationToken) => Add(e);

    public ValueTask OnJobFaultedAsync(JobFaultedEvent e, CancellationToken cancellationToken) => Add(e);

    public ValueTask OnJobPausedAsync(JobPausedEvent e, CancellationToken cancellationToken) => Add(e);

    public ValueTask OnJobResumedAsync(JobResumedEvent e, CancellationToken cancellationToken) => Add(e);

    /// <summary>Waits until the events seen satisfy <paramref name="condition"/>; returns them.</summary>
    public async Task<IReadOnlyList<SchedulerEvent>> WaitForAsync(Func<IReadOnlyList<SchedulerEvent>, bool> condition, int timeoutSeconds = 20)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_waits)
        {
            _waits.Add((condition, done));
        }
        Check();
        try
        {
            await done.Task.WaitAsync(TimeSpan.FromSeconds(timeoutSeconds));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"the listener never saw the events expected; it saw: {string.Join(", ", Events.Select(Describe))}");
        }
        return Events;
    }

    public static string Describe(SchedulerEvent e) => e switch
    {
        RunEndedEvent r => $"{e.Name}:{e.JobId}:{r.Status}#{r.Attempt}",
        FireNotRunEvent f => $"{e.Name}:{e.JobId}:{f.Status}",
        _ => $"{e.Name}:{e.JobId}",
    };

    private ValueTask Add(SchedulerEvent e)
    {
        _events.Enqueue(e);
        Check();
        return default;
    }

    private void Check()
    {
        var events = Events;
        lock (_waits)
        {
            foreach (var wait in _waits.Where(w => w.Condition(events)).ToList())
            {
                wait.Done.TrySetResult();
                _waits.Remove(wait);
            }
        }
    }
}
