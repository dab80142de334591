using System.Collections.Concurrent;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution;

/// <summary>
/// Starts claimed runs on this node under the global concurrency limit and each job's overlap policy, and writes
/// their outcomes. Runs execute on the thread pool; a job that ignores cancellation keeps its slot until it returns.
/// </summary>
internal sealed partial class Dispatcher(
    IRunStore runs,
    RunWriter writer,
    ITriggerStore triggers,
    TriggerSchedule schedule,
    JobCatalog catalog,
    SchedulerSignal signal,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILoggerFactory loggerFactory,
    ILogger<Dispatcher> logger)
{
    private readonly ConcurrentDictionary<string, Execution> _executing = new(StringComparer.Ordinal);
    private readonly KairosOptions _options = options.Value;
    private readonly object _gate = new();
    private readonly ReadyQueue _ready = new();
    private readonly ConcurrentDictionary<string, ILogger> _jobLoggers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _endedDuringRead = new(StringComparer.Ordinal);
    private readonly RunningCounts _running = new();
    private bool _readingPending;
    private bool _closed;

    public string Node { get; } = options.Value.EffectiveNodeId;

    /// <summary>
    /// Slots in use: runs whose code has not returned, including jobs that timed out but go on. A run whose code has
    /// returned frees its slot at once, while its outcome is still being written (writes are batched).
    /// </summary>
    public int Busy => _running.Busy;

    public int FreeSlots => Math.Max(0, _options.EffectiveMaxConcurrency - Busy);

    public IReadOnlyCollection<Execution> Executing => [.. Executions];

    /// <summary>The executions, read without locking the dictionary (its <c>Values</c> takes every lock and copies).</summary>
    private IEnumerable<Execution> Executions => _executing.Select(static p => p.Value);

    /// <summary>Claimed runs waiting for their instant or a slot.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return _ready.Count;
            }
        }
    }

    /// <summary>Queues claimed runs; each run once (a run already queued is ignored).</summary>
    public void Enqueue(IEnumerable<RunRecord> claimed)
    {
        lock (_gate)
        {
            foreach (var run in claimed)
            {
                _ready.Add(run);
            }
        }
    }

    /// <summary>
    /// Queues the pending runs <paramref name="read"/> returns, leaving out those executing here. On an exclusive store
    /// a run's start is written behind it, so the store may still show a running run pending. The read runs outside
    /// the dispatch lock (it may wait for the store's writer), so runs may start and end meanwhile: left out are the
    /// runs executing before the read, those executing after it, and those that ended during it. A run that ended
    /// before the read has its outcome written (an execution is forgotten only after that), so the read cannot see it.
    /// </summary>
    public void EnqueuePending(Func<IReadOnlyList<RunRecord>> read)
    {
        HashSet<string> before;
        lock (_gate)
        {
            _endedDuringRead.Clear();
            Volatile.Write(ref _readingPending, true);
            before = _executing.Keys.ToHashSet(StringComparer.Ordinal);
        }
        try
        {
            var pending = read();
            lock (_gate)
            {
                foreach (var run in pending)
                {
                    if (!before.Contains(run.Id) && !_executing.ContainsKey(run.Id) && !_endedDuringRead.ContainsKey(run.Id))
                    {
                        _ready.Add(run);
                    }
                }
            }
        }
        finally
        {
            // Only now: a run ending before this point is still recorded as ended during the read.
            Volatile.Write(ref _readingPending, false);
        }
    }

    /// <summary>The instant of the earliest queued run claimed ahead of <paramref name="now"/> (see <see cref="ReadyQueue.NextInstantAfter"/>).</summary>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _ready.NextInstantAfter(now);
        }
    }

    /// <summary>
    /// Starts queued runs that are due (highest priority first) while slots are free, applying overlap policies; runs
    /// queued or replacing behind a running one go back to the queue. Called by the loop, and by a run whose code
    /// returned (its slot goes to the next due run at once, without a round trip through the loop).
    /// </summary>
    public void Dispatch(CatalogSnapshot catalog)
    {
        lock (_gate)
        {
            DispatchLocked(catalog);
        }
    }

    /// <summary>
    /// A slot became free (a run returned) or a key may have (an outcome was written): starts the next due runs here
    /// when no other thread is dispatching, and wakes the loop, which dispatches too if this could not.
    /// </summary>
    private void OnSlotFreed()
    {
        if (Monitor.TryEnter(_gate))
        {
            try
            {
                DispatchLocked(catalog.Current);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogDispatchFailed(logger, e);
            }
            finally
            {
                Monitor.Exit(_gate);
            }
        }
        signal.SlotFreed();
    }

    private void DispatchLocked(CatalogSnapshot catalog)
    {
        if (_closed)
        {
            return; // shutting down: runs claimed ahead are released to the store instead (ShutdownAsync)
        }
        var waiting = new List<RunRecord>();
        for (var free = FreeSlots; free > 0; free = FreeSlots)
        {
            // Start as many as there are free slots at once (one store transaction for a shared store).
            var batch = new List<(RunRecord Run, JobHandler Handler)>();
            var now = time.GetUtcNow();
            while (batch.Count < free && _ready.TryTake(now, out var run))
            {
                if (!_executing.ContainsKey(run.Id) && catalog.Handlers.TryGetValue(run.JobId, out var handler))
                {
                    batch.Add((run, handler));
                }
            }
            if (batch.Count == 0)
            {
                break;
            }
            var results = StartMany(batch, now);
            for (var i = 0; i < batch.Count; i++)
            {
                var (run, handler) = batch[i];
                switch (results[i].Result)
                {
                    case StartResult.Started:
                        Start(results[i].Started!, handler);
                        break;
                    case StartResult.Busy when OnBusy(run, handler.Definition.Policies, now):
                        waiting.Add(run);
                        break;
                    default:
                        break;
                }
            }
        }
        foreach (var run in waiting)
        {
            _ready.Add(run);
        }
    }

    /// <summary>
    /// Starts a batch. A shared store starts it in one transaction, checking the limits per concurrency key across
    /// nodes. On an exclusive store every running run is one of this node's executions: the limits are checked here,
    /// in memory, the runs start at once and their starts are written behind them by the <see cref="RunWriter"/>.
    /// </summary>
    private IReadOnlyList<(StartResult Result, RunRecord? Started)> StartMany(List<(RunRecord Run, JobHandler Handler)> batch, DateTimeOffset now)
    {
        if (!runs.IsExclusive)
        {
            var requests = batch.Select(b => new StartRequest(b.Run.Id, b.Handler.Version, b.Handler.Definition.Policies.ConcurrencyLimit)).ToList();
            return runs.TryStartMany(requests, Node, now, now + _options.LeaseDuration);
        }
        var results = new (StartResult, RunRecord?)[batch.Count];
        // Runs of this batch are counted when they start, after the whole batch is decided.
        var inBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (run, handler) = batch[i];
            var count = _running.WithKey(run.ConcurrencyKey) + inBatch.GetValueOrDefault(run.ConcurrencyKey);
            if (count >= handler.Definition.Policies.ConcurrencyLimit)
            {
                results[i] = (StartResult.Busy, null);
                continue;
            }
            inBatch[run.ConcurrencyKey] = inBatch.GetValueOrDefault(run.ConcurrencyKey) + 1;
            run.Status = RunStatus.Running;
            run.StartedUtc = now;
            run.Node = Node;
            run.Version = handler.Version;
            run.Fence++;
            run.LeaseExpiresUtc = now + _options.LeaseDuration;
            // A fire that was in flight when a host died has its start written before it runs: a start written
            // behind may never arrive if it kills this host too, and the death must be seen to count against the
            // crash-loop limit (HostDeathLimit).
            if (run.HostDeaths == 0)
            {
                writer.StartBehind(run.Snapshot());
            }
            else if (!runs.WriteMany([new RunWrite(run.Snapshot(), IsStart: true)])[0])
            {
                results[i] = (StartResult.Gone, null);
                continue;
            }
            results[i] = (StartResult.Started, run);
        }
        return results;
    }

    /// <summary>Applies the overlap policy to a run whose key is busy; true when the run must wait.</summary>
    private bool OnBusy(RunRecord run, JobPolicies policies, DateTimeOffset now)
    {
        // A run of this key that has returned here but whose outcome is still being written (a batch, or the store
        // briefly unreachable) keeps the key busy in the store only: wait for the write rather than skip or replace.
        if (Executions.Any(e => e.Run.ConcurrencyKey == run.ConcurrencyKey && e.Returned && !e.Recorded.Task.IsCompleted))
        {
            return true;
        }
        switch (policies.Overlap)
        {
            case OverlapPolicy.Queue:
                return true;
            case OverlapPolicy.Replace:
                foreach (var execution in Executions.Where(e => e.Run.ConcurrencyKey == run.ConcurrencyKey && e.Reason == StopReason.None && !e.Returned))
                {
                    LogReplacing(logger, run.JobId, execution.Run.Id, run.Id);
                    execution.Stop(StopReason.Replaced);
                }
                if (!runs.IsExclusive)
                {
                    RequestCancellationElsewhere(run, now);
                }
                return true;
            default:
                run.Status = RunStatus.Skipped;
                run.EndedUtc = now;
                run.Node = Node;
                run.ErrorMessage = $"skipped: {policies.ConcurrencyLimit} run(s) of '{run.ConcurrencyKey}' still running (overlap policy {policies.Overlap})";
                // Written by the writer, not here: dispatching must never wait for the store's writer lock.
                _ = RecordSkippedAsync(run);
                return false;
        }
    }

    private void Start(RunRecord run, JobHandler handler)
    {
        var execution = new Execution(run, new CancellationTokenSource());
        _executing[run.Id] = execution;
        _running.Take(run.ConcurrencyKey);
        // Runs to its first await here (a few allocations); the job's own code runs on the pool (ExecuteAsync).
        _ = ExecuteAsync(execution, handler);
    }

    private async Task ExecuteAsync(Execution execution, JobHandler handler)
    {
        var run = execution.Run;
        var policies = handler.Definition.Policies;
        var jobLogger = new CapturingLogger(JobLogger(run.JobId), time);
        var context = new RunContext(run, run.StartedUtc ?? time.GetUtcNow(), jobLogger, time,
            new JobTriggers(run.JobId, triggers, schedule, time, signal));
        var registration = handler.Enter(execution.Cancellation.Token);
        using var timeout = policies.Timeout is { } limit
            ? time.CreateTimer(static state => ((Execution)state!).Stop(StopReason.Timeout), execution, limit, Timeout.InfiniteTimeSpan)
            : null;
        LogStarted(logger, run.JobId, run.Id, run.Attempt, handler.Version);

        var job = Task.Run(() => handler.RunAsync(context, registration.Token));
        // The slot is free the moment the code returns: the next due run starts while this outcome is written.
        _ = job.ContinueWith(
            static (_, state) =>
            {
                var (returned, dispatcher) = ((Execution, Dispatcher))state!;
                if (returned.MarkReturned())
                {
                    dispatcher._running.Release(returned.Run.ConcurrencyKey);
                }
                dispatcher.OnSlotFreed();
            },
            (execution, this), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        var returned = await WaitWithGraceAsync(job, registration.Token).ConfigureAwait(false);
        try
        {
            await RecordAsync(execution, handler, jobLogger, job, returned, registration.Token.IsCancellationRequested).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // The store is unreachable: the run stays "running" until its lease expires, then recovery applies.
            LogRecordFailed(logger, e, run.JobId, run.Id);
            execution.Recorded.TrySetResult();
        }

        if (!returned)
        {
            try
            {
                await job.ConfigureAwait(false);
            }
            catch (Exception)
            {
                // The outcome is already recorded; the slot is freed now that the code has returned.
            }
        }
        registration.Dispose();
        execution.Cancellation.Dispose();
        if (Volatile.Read(ref _readingPending))
        {
            _endedDuringRead[run.Id] = 0;
        }
        _executing.TryRemove(run.Id, out _);
        execution.Finished.TrySetResult();
        OnSlotFreed();
    }

    /// <summary>The job's logger, created once per job id (the factory takes a lock on every creation).</summary>
    private ILogger JobLogger(string jobId) =>
        _jobLoggers.GetOrAdd(jobId, static (id, factory) => factory.CreateLogger("Kairos.Job." + id), loggerFactory);

    private async Task<bool> WaitWithGraceAsync(Task job, CancellationToken token)
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using (token.Register(static s => ((TaskCompletionSource)s!).TrySetResult(), cancelled))
        {
            await Task.WhenAny(job, cancelled.Task).ConfigureAwait(false);
        }
        if (job.IsCompleted)
        {
            return true;
        }
        using var graceOver = new CancellationTokenSource();
        var grace = Task.Delay(_options.CancellationGrace, time, graceOver.Token);
        await Task.WhenAny(job, grace).ConfigureAwait(false);
        await graceOver.CancelAsync().ConfigureAwait(false);
        return job.IsCompleted;
    }
}
