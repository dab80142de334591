using Kairos.Host.Catalog;
using Kairos.Host.Execution.Admission;
using Kairos.Host.Execution.Leases;
using Kairos.Host.Execution.Running;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution;

/// <summary>
/// Starts claimed runs on this node: queues them, admits the due ones under the global concurrency limit and each
/// job's overlap policy (<see cref="RunAdmission"/>), has them run (<see cref="RunExecutor"/>), and on shutdown gives
/// back what this node holds (<see cref="LeaseRelease"/>). One lock orders queueing and admission.
/// </summary>
internal sealed partial class Dispatcher(
    RunAdmission admission,
    RunExecutor executor,
    LeaseRelease release,
    JobCatalog catalog,
    IDispatchSignal signal,
    ILogger<Dispatcher> logger,
    SchedulerProgress? progress = null)
{
    private readonly object _gate = new();
    private Action<RunRecord, JobHandler>? _start;
    private Action? _slotFreed;
    private bool _closed;

    /// <summary>Claimed runs waiting for their instant or a slot.</summary>
    public int ReadyCount
    {
        get
        {
            lock (_gate)
            {
                return admission.Count;
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
                admission.Add(run);
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
            before = admission.BeginPendingRead();
        }
        try
        {
            var pending = read();
            lock (_gate)
            {
                admission.AddPending(pending, before);
            }
        }
        finally
        {
            admission.EndPendingRead();
        }
    }

    /// <summary>The instant of the earliest queued run claimed ahead of <paramref name="now"/> (see <see cref="ReadyQueue.NextInstantAfter"/>).</summary>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now)
    {
        lock (_gate)
        {
            return admission.NextInstantAfter(now);
        }
    }

    /// <summary>
    /// Starts queued runs that are due (highest priority first) while slots are free, applying overlap policies; runs
    /// queued or replacing behind a running one go back to the queue. Called by the loop, and by a run whose code
    /// returned (its slot goes to the next due run at once, without a round trip through the loop).
    /// </summary>
    public void Dispatch(CatalogSnapshot catalog)
    {
        progress?.Dispatcher.Step("dispatching");
        lock (_gate)
        {
            DispatchLocked(catalog);
        }
        progress?.Dispatcher.Idle();
    }

    /// <summary>
    /// Starts nothing more; waits up to <paramref name="grace"/> for running jobs, cancels the rest and waits for their
    /// records; then releases the runs this node claimed ahead but did not start (<see cref="LeaseRelease.ShutdownAsync"/>).
    /// </summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        Close();
        await release.ShutdownAsync(grace).ConfigureAwait(false);
    }

    /// <summary>The process is ending without a graceful shutdown: starts nothing more and records the runs in flight (<see cref="LeaseRelease.RecordProcessExit"/>).</summary>
    public void RecordProcessExit()
    {
        Close();
        release.RecordProcessExit();
    }

    private void Close()
    {
        lock (_gate)
        {
            _closed = true;
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
        admission.AdmitDue(catalog, _start ??= Start);
    }

    private void Start(RunRecord run, JobHandler handler) => executor.Start(run, handler, _slotFreed ??= OnSlotFreed);

    [LoggerMessage(EventId = 513, Level = LogLevel.Error, Message = "Starting the next due runs after a run returned failed; the scheduler loop retries")]
    private static partial void LogDispatchFailed(ILogger logger, Exception error);
}
