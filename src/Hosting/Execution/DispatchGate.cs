using Kairos.Host.Catalog;
using Kairos.Host.Execution.Admission;
using Kairos.Host.Execution.Running;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution;

/// <summary>
/// The one lock that orders queueing and admission: claimed and pending runs queued, the due ones admitted
/// (<see cref="RunAdmission"/>) and started (<see cref="RunExecutor"/>), and, once closed for shutdown, nothing started.
/// When to dispatch is the <see cref="Dispatcher"/>'s.
/// </summary>
internal sealed class DispatchGate(RunAdmission admission, RunExecutor executor)
{
    private readonly object _gate = new();
    private Action? _slotFreed;
    private Action<RunRecord, JobHandler>? _start;
    private bool _closed;

    /// <summary>Claimed runs waiting for their instant or a slot.</summary>
    public int Count
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

    /// <inheritdoc cref="Dispatcher.EnqueuePending"/>
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
    /// Starts the queued runs that are due while slots are free (<see cref="RunAdmission.AdmitDue"/>); each started
    /// run calls <paramref name="slotFreed"/> when its code returns and when it is forgotten (<see cref="RunExecutor.Start"/>).
    /// </summary>
    public void Admit(CatalogSnapshot catalog, Action slotFreed)
    {
        lock (_gate)
        {
            _ = AdmitLocked(catalog, slotFreed);
        }
    }

    /// <summary>
    /// As <see cref="Admit"/> when no other thread holds the lock; false, having started nothing, when one does, and
    /// false when due runs began to be held back for a fuller start batch (<see cref="StartGathering"/>): the caller
    /// then wakes the loop, which dispatches at the instant they start at the latest.
    /// </summary>
    public bool TryAdmit(CatalogSnapshot catalog, Action slotFreed)
    {
        if (!Monitor.TryEnter(_gate))
        {
            return false;
        }
        try
        {
            return !AdmitLocked(catalog, slotFreed);
        }
        finally
        {
            Monitor.Exit(_gate);
        }
    }

    /// <summary>Starts nothing more: the node is stopping (<see cref="DispatcherShutdown"/>).</summary>
    public void Close()
    {
        lock (_gate)
        {
            _closed = true;
        }
    }

    /// <summary>True when due runs began to be held back for a fuller start batch.</summary>
    private bool AdmitLocked(CatalogSnapshot catalog, Action slotFreed)
    {
        if (_closed)
        {
            return false; // shutting down: runs claimed ahead are released to the store instead (DispatcherShutdown)
        }
        if (!ReferenceEquals(slotFreed, _slotFreed))
        {
            // One delegate for every start while the caller's stays the same (the dispatcher's always does).
            _slotFreed = slotFreed;
            _start = (run, handler) => executor.Start(run, handler, slotFreed);
        }
        return admission.AdmitDue(catalog, _start!);
    }
}
