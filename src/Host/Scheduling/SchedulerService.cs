using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The scheduler loop: claims due fires atomically from the store, hands them to the dispatcher, and sleeps until
/// the next fire or a wake-up. Also keeps leases, recovers runs of dead nodes, and records fires waiting for a handler.
/// </summary>
internal sealed partial class SchedulerService(
    IClaimStore claims,
    ILeaseStore leases,
    RunRecovery recovery,
    JobCatalog catalog,
    CatalogReconciler reconciler,
    Dispatcher dispatcher,
    SchedulerSignal signal,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<SchedulerService> logger) : IHostedLifecycleService, IDisposable
{
    private const int ClaimBatch = 512;
    private static readonly TimeSpan HousekeepingPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan HousekeepingClearance = TimeSpan.FromMilliseconds(50);
    private readonly KairosOptions _options = options.Value;
    private readonly CancellationTokenSource _stopping = new();
    private FirePlanner? _fires;
    private Task _loop = Task.CompletedTask;
    private DateTimeOffset _nextLeaseRenewal;
    private DateTimeOffset _nextLeaseExpiry;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        _fires = new FirePlanner(new TriggerSchedule(), _options.MisfireThreshold, _options.MisfireFireAllCap);
        ReserveThreads();
        var now = time.GetUtcNow();
        ExpireLeases(leases.IsExclusive ? DateTimeOffset.MaxValue : now, now);
        reconciler.Start();
        LogStarting(logger, dispatcher.Node, _options.EffectiveMaxConcurrency);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
        // Environment.Exit (from a job allowed to call it) ends the process without stopping the host: its handlers
        // of ProcessExit are the last code that runs, and record the runs in flight. A graceful stop removes it.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return Task.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => dispatcher.RecordProcessExit();

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        signal.Wake();
        await _loop.ConfigureAwait(false);
        await dispatcher.ShutdownAsync(_options.ShutdownGrace).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        reconciler.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        _stopping.Dispose();
    }

    private async Task LoopAsync(CancellationToken stop)
    {
        var nextHousekeeping = DateTimeOffset.MinValue;
        // The next due instant is read again only when it may have changed: a trigger or job changed (the signal), the
        // catalog changed, a claim advanced triggers, or on the housekeeping tick (another host's changes). A wake-up
        // for a freed slot reads nothing.
        DateTimeOffset? due = null;
        CatalogSnapshot? dueFor = null;
        while (!stop.IsCancellationRequested)
        {
            var wake = signal.Next();
            var now = time.GetUtcNow();
            var wakeAt = now + HousekeepingPeriod;
            try
            {
                var snapshot = catalog.Current;
                var stale = signal.TakeChanged() || !ReferenceEquals(snapshot, dueFor);
                // Housekeeping waits (up to a period) while claimed runs are about to start: it would hold this thread
                // past their instant.
                var postponed = now >= nextHousekeeping && now < nextHousekeeping + HousekeepingPeriod
                    && dispatcher.NextInstantAfter(now) < now + HousekeepingClearance;
                if (now >= nextHousekeeping && !postponed)
                {
                    Housekeeping(now, snapshot);
                    nextHousekeeping = now + HousekeepingPeriod;
                    stale = true;
                }
                else if (signal.TakePendingAdded())
                {
                    CollectPending(now, snapshot);
                }
                if (stale)
                {
                    due = EarliestDue(snapshot);
                    dueFor = snapshot;
                }
                if (due <= now + _options.ClaimAhead)
                {
                    Claim(now, snapshot);
                    due = EarliestDue(snapshot);
                }
                dispatcher.Dispatch(snapshot);
                wakeAt = Min(Min((due ?? DateTimeOffset.MaxValue) - _options.ClaimAhead, dispatcher.NextInstantAfter(time.GetUtcNow()) ?? DateTimeOffset.MaxValue),
                    postponed ? DateTimeOffset.MaxValue : nextHousekeeping);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogLoopError(logger, e);
                dueFor = null;
            }
            Iterated?.Invoke();
            var delay = wakeAt - time.GetUtcNow();
            if (delay > TimeSpan.Zero)
            {
                await PreciseWait.UntilAsync(wake, wakeAt, time, stop).ConfigureAwait(false);
            }
        }
    }

    private DateTimeOffset? EarliestDue(CatalogSnapshot snapshot) =>
        snapshot.RunnableJobIds.Count == 0 ? null : claims.GetEarliestDue(snapshot.RunnableJobIds);

    private void Claim(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        if (snapshot.RunnableJobIds.Count == 0)
        {
            return;
        }
        var planner = new ClaimPlanner(_fires!, id => snapshot.Handlers.TryGetValue(id, out var h) ? h.Definition.Policies : null);
        IReadOnlyList<RunRecord> claimed;
        do
        {
            claimed = claims.ClaimDueFires(new ClaimRequest(now, snapshot.RunnableJobIds, dispatcher.Node, now + _options.LeaseDuration, ClaimBatch, planner)
            {
                Until = now + _options.ClaimAhead,
            });
            dispatcher.Enqueue(claimed);
            if (claimed.Count >= ClaimBatch)
            {
                // More are due: start what is due from this batch before claiming the next, so that with thousands
                // due the first runs start after one batch's claim (the loop dispatches after the last one).
                dispatcher.Dispatch(snapshot);
            }
        }
        while (claimed.Count >= ClaimBatch);
    }

    private void Housekeeping(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        if (now >= _nextLeaseRenewal)
        {
            dispatcher.RenewLeases(now);
            _nextLeaseRenewal = now + _options.LeaseDuration / 3;
        }
        if (now >= _nextLeaseExpiry)
        {
            ExpireLeases(now, now);
            _nextLeaseExpiry = now + _options.LeaseDuration / 2;
        }
        dispatcher.StopRunsCancelledElsewhere();
        claims.MarkWaitingForHandler(snapshot.RunnableJobIds, now);
        // Runs added elsewhere (another host's retry or recovery) are picked up here; while plenty are queued the
        // read of every pending run can wait (a signal still brings this host's own additions at once).
        if (signal.TakePendingAdded() || dispatcher.ReadyCount < 4 * _options.EffectiveMaxConcurrency)
        {
            CollectPending(now, snapshot);
        }
    }

    /// <summary>Adds pending runs that did not come from this loop's claims (manual, retries, recovered, adopted).</summary>
    private void CollectPending(DateTimeOffset now, CatalogSnapshot snapshot)
    {
        dispatcher.EnqueuePending(() =>
            claims.GetPendingRuns(dispatcher.Node, snapshot.RunnableJobIds, now, now + _options.LeaseDuration, 4 * _options.EffectiveMaxConcurrency));
    }

    /// <summary>Marks the runs of dead hosts interrupted, with their re-runs or crash-loop pauses (<see cref="RunRecovery"/>).</summary>
    private void ExpireLeases(DateTimeOffset expiredBefore, DateTimeOffset now)
    {
        if (recovery.Report(leases.ExpireLeases(expiredBefore, run => recovery.Decide(run, now)), now))
        {
            signal.PendingAdded();
        }
    }

    /// <summary>
    /// Raises the thread pool's minimum so that every slot can block a thread (a job doing synchronous I/O, or one
    /// that hangs) and the loop, the outcome writer and the store's synchronous calls still get one at once. The pool
    /// otherwise starts with one thread per core and adds about one a second when starved: fires then start late by
    /// as much, all together.
    /// </summary>
    private void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = _options.EffectiveMaxConcurrency + ReservedThreads;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
            LogThreads(logger, workers, wanted);
        }
    }

    /// <summary>Threads kept beyond the job slots for the host's own work.</summary>
    internal const int ReservedThreads = 16;

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Scheduler starting on node {Node} with {MaxConcurrency} slots")]
    private static partial void LogStarting(ILogger logger, string node, int maxConcurrency);

    [LoggerMessage(EventId = 413, Level = LogLevel.Debug, Message = "Thread pool minimum raised from {From} to {To} threads (job slots plus the host's own)")]
    private static partial void LogThreads(ILogger logger, int from, int to);

    [LoggerMessage(EventId = 411, Level = LogLevel.Error, Message = "Scheduler loop iteration failed; retrying in a second")]
    private static partial void LogLoopError(ILogger logger, Exception error);
}
