namespace Kairos.Host.Execution;

/// <summary>
/// What the dispatcher tells the loop that feeds it, without knowing that loop: a slot became free (due runs may
/// start), or pending runs were added outside a claim (a retry, a re-run). Implemented by the scheduler's signal.
/// </summary>
internal interface IDispatchSignal
{
    /// <summary>A run returned or its outcome was written: due runs may start; the schedule did not change.</summary>
    void SlotFreed();

    /// <summary>Pending runs were added outside a claim: the loop reads them.</summary>
    void PendingAdded();
}
