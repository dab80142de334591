using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Listeners;

/// <summary>
/// The engine's <see cref="IEventSink"/>: fans each event out to every registered listener's <see cref="ListenerWorker"/>.
/// The set of workers is an immutable array swapped on change, so publishing reads one field and takes no lock;
/// listeners come and go (the application's at start, a plugin's with its version) under a lock of their own.
/// </summary>
internal sealed class ListenerHub(IOptions<ListenerOptions> options, TimeProvider time, ILogger<ListenerHub> logger) : IEventSink
{
    private readonly object _gate = new();
    private ListenerWorker[] _workers = [];
    private bool _stopped;

    public bool HasListeners => Volatile.Read(ref _workers).Length > 0;

    public void Publish(SchedulerEvent e)
    {
        foreach (var worker in Volatile.Read(ref _workers))
        {
            worker.Enqueue(e);
        }
    }

    /// <summary>What each listener was sent so far.</summary>
    public IReadOnlyList<ListenerStats> Stats() => [.. Volatile.Read(ref _workers).Select(w => w.Stats())];

    /// <summary>
    /// Starts calling <paramref name="listeners"/> from <paramref name="source"/> (<c>app</c>, <c>plugin:NAME</c>,
    /// <c>webhook</c>) with the events published from now on. Disposing the result removes them: the call under way is
    /// cancelled and their waiting events dropped, and nothing here refers to them any more.
    /// </summary>
    public IDisposable Add(string source, IEnumerable<ISchedulerListener> listeners)
    {
        var value = options.Value;
        var added = listeners.Select(l => new ListenerWorker(l, source, value.QueueCapacity, value.CallTimeout, time, logger)).ToList();
        if (added.Count == 0)
        {
            return Registration.None;
        }
        lock (_gate)
        {
            if (_stopped)
            {
                return Registration.None;
            }
            foreach (var worker in added)
            {
                worker.Start();
                ListenerLog.Added(logger, worker.Name, source);
            }
            Volatile.Write(ref _workers, [.. _workers, .. added]);
        }
        return new Registration(this, added);
    }

    /// <summary>
    /// At shutdown: delivers what is queued, waiting up to the longest call timeout (or until <paramref name="cancellationToken"/>),
    /// then stops every listener. Events published later are dropped.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        ListenerWorker[] workers;
        lock (_gate)
        {
            _stopped = true;
            workers = _workers;
            Volatile.Write(ref _workers, []);
        }
        if (workers.Length == 0)
        {
            return;
        }
        var flushed = Task.WhenAll(workers.Select(w => w.CompleteAsync()));
        var patience = workers.Max(w => w.CallTimeout);
        try
        {
            await flushed.WaitAsync(patience, time, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException)
        {
            // A listener still busy: it is cancelled below, and its waiting events are dropped.
        }
        foreach (var worker in workers)
        {
            worker.Abort();
        }
    }

    private void Remove(IReadOnlyList<ListenerWorker> removed)
    {
        lock (_gate)
        {
            Volatile.Write(ref _workers, [.. _workers.Except(removed)]);
        }
        foreach (var worker in removed)
        {
            worker.Abort();
            ListenerLog.Removed(logger, worker.Name, worker.Source);
        }
    }

    private sealed class Registration(ListenerHub? hub, IReadOnlyList<ListenerWorker> workers) : IDisposable
    {
        public static readonly Registration None = new(null, []);

        private int _disposed;

        public void Dispose()
        {
            if (hub is not null && Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                hub.Remove(workers);
            }
        }
    }
}
