using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Listeners;

/// <summary>
/// One listener's queue and the loop that calls it: events are taken in order and the listener is called once at a
/// time, each call with a timeout; an exception is logged and counted, never thrown. Enqueuing is lock-free (a
/// <see cref="ConcurrentQueue{T}"/> and a counter), so the threads that run jobs never wait for a listener or for each
/// other here. Past the capacity the oldest waiting event is dropped for each new one, and counted.
/// </summary>
/// <remarks>
/// A call that outlives its timeout is left behind (its token cancelled) and the next event is called; a listener that
/// ignores its token may then have two calls at once. A listener that blocks its calling thread rather than returning an
/// unfinished task holds this loop until it returns: events behind it wait, and past the capacity are dropped.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001",
    Justification = "Its one CancellationTokenSource has no timer, so nothing is left undisposed; disposing it would race with Abort.")]
internal sealed class ListenerWorker
{
    /// <summary>Drops are logged at most this often per listener (with their count since the last warning).</summary>
    public static readonly TimeSpan DropWarningInterval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentQueue<SchedulerEvent> _queue = new();
    private readonly ISchedulerListener _listener;
    private readonly int _capacity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _abort = new();
    private TaskCompletionSource? _wake;
    private int _queued;
    private long _delivered;
    private long _dropped;
    private long _failed;
    private long _timedOut;
    private long _droppedLogged;
    private DateTimeOffset? _lastDropWarning;
    private volatile bool _completing;
    private Task _loop = Task.CompletedTask;

    public ListenerWorker(ISchedulerListener listener, string source, int capacity, TimeSpan callTimeout, TimeProvider time, ILogger logger)
    {
        _listener = listener;
        _capacity = capacity;
        _time = time;
        _logger = logger;
        Source = source;
        Name = listener.GetType().FullName ?? listener.GetType().Name;
        CallTimeout = listener is IOwnCallTimeout own ? own.CallTimeout : callTimeout;
    }

    /// <summary>The listener's type name, as logs and <c>kairos info</c> show it.</summary>
    public string Name { get; }

    /// <summary>Where the listener comes from: <c>app</c>, <c>plugin:NAME</c>, <c>webhook</c>.</summary>
    public string Source { get; }

    public TimeSpan CallTimeout { get; }

    /// <summary>Completes when the loop has stopped (after <see cref="CompleteAsync"/> or <see cref="Abort"/>).</summary>
    public Task Loop => _loop;

    public void Start() => _loop = Task.Run(RunAsync);

    /// <summary>Queues <paramref name="e"/>; past the capacity drops the oldest waiting event. Never blocks.</summary>
    public void Enqueue(SchedulerEvent e)
    {
        _queue.Enqueue(e);
        if (Interlocked.Increment(ref _queued) > _capacity && _queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
        }
        // The loop publishes its wake-up before it looks at the queue a last time; the enqueue above is a full fence.
        if (Volatile.Read(ref _wake) is not null)
        {
            Interlocked.Exchange(ref _wake, null)?.TrySetResult();
        }
    }

    /// <summary>What this listener was sent so far.</summary>
    public ListenerStats Stats() => new(
        Name, Source, Math.Max(0, Volatile.Read(ref _queued)), Interlocked.Read(ref _delivered), Interlocked.Read(ref _dropped),
        Interlocked.Read(ref _failed), Interlocked.Read(ref _timedOut));

    /// <summary>Stops once the events queued now are delivered (new ones are still taken until then).</summary>
    public Task CompleteAsync()
    {
        _completing = true;
        Wake();
        return _loop;
    }

    /// <summary>Stops now: the call under way is cancelled and the waiting events are dropped (not counted).</summary>
    public void Abort()
    {
        _completing = true;
        _abort.Cancel();
        Wake();
    }

    private void Wake() => Interlocked.Exchange(ref _wake, null)?.TrySetResult();

    private async Task RunAsync()
    {
        while (!_abort.IsCancellationRequested)
        {
            while (!_abort.IsCancellationRequested && _queue.TryDequeue(out var e))
            {
                Interlocked.Decrement(ref _queued);
                await DeliverAsync(e).ConfigureAwait(false);
                ReportDrops(force: false);
            }
            if (_completing && (_queue.IsEmpty || _abort.IsCancellationRequested))
            {
                break;
            }
            var wake = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Interlocked.Exchange(ref _wake, wake);
            if (!_queue.IsEmpty || _completing)
            {
                Wake();
            }
            await wake.Task.ConfigureAwait(false);
        }
        while (_queue.TryDequeue(out _))
        {
            Interlocked.Decrement(ref _queued);
        }
        ReportDrops(force: true);
    }

    private async Task DeliverAsync(SchedulerEvent e)
    {
        using var timeout = new CancellationTokenSource(CallTimeout, _time);
        using var call = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _abort.Token);
        Task? pending = null;
        try
        {
            var result = Call(e, call.Token);
            if (result.IsCompleted)
            {
                result.GetAwaiter().GetResult();
            }
            else
            {
                pending = result.AsTask();
                await pending.WaitAsync(call.Token).ConfigureAwait(false);
            }
            Interlocked.Increment(ref _delivered);
        }
        catch (OperationCanceledException) when (call.IsCancellationRequested)
        {
            if (pending is { IsCompleted: false })
            {
                // Left behind: its end, whenever it comes, must not surface as an unobserved exception.
                _ = pending.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            }
            if (!_abort.IsCancellationRequested)
            {
                Interlocked.Increment(ref _timedOut);
                ListenerLog.TimedOut(_logger, Name, e.Name, e.JobId ?? "-", CallTimeout);
            }
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            Interlocked.Increment(ref _failed);
            ListenerLog.Failed(_logger, error, Name, e.Name, e.JobId ?? "-");
        }
    }

    private ValueTask Call(SchedulerEvent e, CancellationToken token) => e switch
    {
        RunStartedEvent started => _listener.OnRunStartedAsync(started, token),
        RunEndedEvent ended => _listener.OnRunEndedAsync(ended, token),
        FireNotRunEvent notRun => _listener.OnFireNotRunAsync(notRun, token),
        JobFaultedEvent faulted => _listener.OnJobFaultedAsync(faulted, token),
        JobPausedEvent paused => _listener.OnJobPausedAsync(paused, token),
        JobResumedEvent resumed => _listener.OnJobResumedAsync(resumed, token),
        SchedulerStalledEvent stalled => _listener.OnSchedulerStalledAsync(stalled, token),
        _ => default,
    };

    /// <summary>Logs the drops since the last warning, at most once per <see cref="DropWarningInterval"/> (or at the end).</summary>
    private void ReportDrops(bool force)
    {
        var dropped = Interlocked.Read(ref _dropped);
        if (dropped == _droppedLogged)
        {
            return;
        }
        var now = _time.GetUtcNow();
        if (!force && _lastDropWarning is { } last && now - last < DropWarningInterval)
        {
            return;
        }
        ListenerLog.Dropped(_logger, Name, dropped - _droppedLogged, dropped, _capacity);
        _droppedLogged = dropped;
        _lastDropWarning = now;
    }
}
