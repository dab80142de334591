using System.Collections.Concurrent;
using Kairos.Host.Listeners;

namespace Kairos.Tests.Fakes;

/// <summary>An <see cref="IEventSink"/> that keeps the events the engine publishes, in order, and can be waited on.</summary>
internal sealed class RecordingEventSink : IEventSink
{
    private readonly ConcurrentQueue<SchedulerEvent> _events = new();
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Always true: the engine builds every event for this sink.</summary>
    public bool HasListeners => true;

    /// <summary>The events so far, in the order they were published.</summary>
    public IReadOnlyList<SchedulerEvent> Events => [.. _events];

    /// <summary>The jobs' pauses and resumes so far, in order (the runs' events left out).</summary>
    public IReadOnlyList<SchedulerEvent> PausesAndResumes => [.. _events.Where(e => e is JobPausedEvent or JobResumedEvent)];

    public void Publish(SchedulerEvent e)
    {
        _events.Enqueue(e);
        Interlocked.Exchange(ref _added, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>Completes once an event matching <paramref name="match"/> has been published.</summary>
    public async Task WaitForAsync(Func<SchedulerEvent, bool> match)
    {
        while (true)
        {
            var added = Volatile.Read(ref _added).Task;
            if (_events.Any(match))
            {
                return;
            }
            await added;
        }
    }
}
