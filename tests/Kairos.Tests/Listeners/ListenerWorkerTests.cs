using Kairos.Host.Listeners;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Listeners;

public sealed class ListenerWorkerTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Enqueue_DropsTheOldestWaitingEventsAndCountsThem_WhenTheQueueIsFull()
    {
        var listener = new GatedListener();
        var logger = new RecordingLogger();
        var worker = new ListenerWorker(listener, "app", capacity: 3, Timeout, new FakeTimeProvider(), logger);
        worker.Start();

        worker.Enqueue(Event("job-1"));
        await listener.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10)); // job-1 is being delivered, the queue is empty
        for (var i = 2; i <= 7; i++)
        {
            worker.Enqueue(Event($"job-{i}"));
        }
        Assert.Equal(3, worker.Stats().Queued);
        Assert.Equal(3, worker.Stats().Dropped);
        listener.Gate.SetResult();
        await worker.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["job-1", "job-5", "job-6", "job-7"], listener.Seen);
        Assert.Equal(4, worker.Stats().Delivered);
        Assert.Contains(logger.Lines, l => l.StartsWith("Warning: Listener " + typeof(GatedListener).FullName + " falls behind: 3 event(s) dropped", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Call_TimesOutAndTheNextEventIsCalled_WhenTheListenerIgnoresCancellation()
    {
        var time = new FakeTimeProvider();
        var listener = new GatedListener { IgnoreToken = true, HoldOnly = "job-1" };
        var logger = new RecordingLogger();
        var worker = new ListenerWorker(listener, "app", capacity: 10, Timeout, time, logger);
        worker.Start();

        worker.Enqueue(Event("job-1"));
        worker.Enqueue(Event("job-2"));
        await listener.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(["job-1"], listener.Seen);
        time.Advance(Timeout);
        await worker.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["job-1", "job-2"], listener.Seen);
        Assert.Equal(1, worker.Stats().TimedOut);
        Assert.Contains(logger.Lines, l => l.Contains($"Listener {typeof(GatedListener).FullName} did not return from run-ended of job-1 within 00:00:10", StringComparison.Ordinal));
        listener.Gate.SetResult();
    }

    [Fact]
    public async Task Call_LogsTheExceptionWithTheListenersName_AndGoesOn()
    {
        var listener = new ThrowingListener();
        var logger = new RecordingLogger();
        var worker = new ListenerWorker(listener, "app", capacity: 10, Timeout, new FakeTimeProvider(), logger);
        worker.Start();

        worker.Enqueue(Event("job-1"));
        worker.Enqueue(Event("job-2"));
        await worker.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, listener.Calls);
        Assert.Equal(2, worker.Stats().Failed);
        Assert.Contains(logger.Lines, l => l.Contains($"Error: Listener {typeof(ThrowingListener).FullName} threw on run-ended of job-2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Abort_CancelsTheCallUnderWay_AndDropsTheWaitingEvents()
    {
        var listener = new GatedListener();
        var worker = new ListenerWorker(listener, "plugin:x", capacity: 10, Timeout, new FakeTimeProvider(), new RecordingLogger());
        worker.Start();
        worker.Enqueue(Event("job-1"));
        worker.Enqueue(Event("job-2"));
        await listener.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));

        worker.Abort();
        await worker.Loop.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["job-1"], listener.Seen);
        Assert.Equal(0, worker.Stats().Queued);
    }

    internal static RunEndedEvent Event(string jobId) => new() { JobId = jobId, RunId = "r-" + jobId, TriggerKey = "t", Status = RunStatus.Failed };

    private sealed class GatedListener : ISchedulerListener
    {
        private readonly List<string> _seen = [];

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public bool IgnoreToken { get; init; }

        /// <summary>Only this job's event waits on the gate; null: every event does.</summary>
        public string? HoldOnly { get; init; }

        public IReadOnlyList<string> Seen
        {
            get { lock (_seen) { return [.. _seen]; } }
        }

        public async ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken)
        {
            lock (_seen)
            {
                _seen.Add(e.JobId!);
            }
            Entered.TrySetResult();
            if (HoldOnly is null || HoldOnly == e.JobId)
            {
                await (IgnoreToken ? Gate.Task : Gate.Task.WaitAsync(cancellationToken));
            }
        }
    }

    private sealed class ThrowingListener : ISchedulerListener
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            throw new InvalidOperationException("listener bug");
        }
    }
}
