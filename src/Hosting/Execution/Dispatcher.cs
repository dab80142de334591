using Kairos.Host.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution;

/// <summary>
/// Starts claimed runs on this node: queues them and, when asked by the loop (watched by the watchdog) or by a run
/// whose code returned (on its own thread, waking the loop too), admits the due ones under the global concurrency limit
/// and each job's overlap policy and has them run, under the one lock of the <see cref="DispatchGate"/>. On shutdown
/// it starts nothing more (<see cref="DispatcherShutdown"/>).
/// </summary>
internal sealed partial class Dispatcher(
    DispatchGate gate,
    JobCatalog catalog,
    IDispatchSignal signal,
    ILogger<Dispatcher> logger,
    SchedulerProgress? progress = null)
{
    private Action? _slotFreed;

    /// <summary>Claimed runs waiting for their instant or a slot.</summary>
    public int ReadyCount => gate.Count;

    /// <summary>Queues claimed runs; each run once (a run already queued is ignored).</summary>
    public void Enqueue(IEnumerable<RunRecord> claimed) => gate.Enqueue(claimed);

    /// <summary>
    /// Queues the pending runs <paramref name="read"/> returns, leaving out those executing here. On an exclusive store
    /// a run's start is written behind it, so the store may still show a running run pending. The read runs outside
    /// the dispatch lock (it may wait for the store's writer), so runs may start and end meanwhile: left out are the
    /// runs executing before the read, those executing after it, and those that ended during it. A run that ended
    /// before the read has its outcome written (an execution is forgotten only after that), so the read cannot see it.
    /// </summary>
    public void EnqueuePending(Func<IReadOnlyList<RunRecord>> read) => gate.EnqueuePending(read);

    /// <inheritdoc cref="DispatchGate.NextInstantAfter"/>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now) => gate.NextInstantAfter(now);

    /// <summary>
    /// Starts queued runs that are due (highest priority first) while slots are free, applying overlap policies; runs
    /// queued or replacing behind a running one go back to the queue. Called by the loop, and by a run whose code
    /// returned (its slot goes to the next due run at once, without a round trip through the loop).
    /// </summary>
    public void Dispatch(CatalogSnapshot catalog)
    {
        progress?.Dispatcher.Step("dispatching");
        gate.Admit(catalog, _slotFreed ??= OnSlotFreed);
        progress?.Dispatcher.Idle();
    }

    /// <summary>
    /// A slot became free (a run returned) or a key may have (an outcome was written): starts the next due runs here
    /// when no other thread is dispatching, else (or when that failed, or when due runs began to be held back for a
    /// fuller start batch on a shared store: <see cref="Admission.StartGathering"/>) wakes the loop, which dispatches then. A dispatch
    /// done here leaves the loop asleep: the runs it did not start wait for a slot (the next run to return dispatches
    /// again) or for their instant, which the loop sleeps until; with thousands of fires a second, waking the loop
    /// for every run that returns and every outcome written cost a thread switch and an iteration each.
    /// </summary>
    private void OnSlotFreed()
    {
        try
        {
            if (gate.TryAdmit(catalog.Current, _slotFreed!))
            {
                return;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogDispatchFailed(logger, e);
        }
        signal.SlotFreed();
    }

    [LoggerMessage(EventId = 513, Level = LogLevel.Error, Message = "Starting the next due runs after a run returned failed; the scheduler loop retries")]
    private static partial void LogDispatchFailed(ILogger logger, Exception error);
}
