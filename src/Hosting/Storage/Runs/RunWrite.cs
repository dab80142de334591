namespace Kairos.Host.Storage.Runs;

/// <summary>
/// One change of a run record for the writer's batch: an outcome (<see cref="IRunRecorder.Complete"/>), or the start of a
/// run this node has already started (<see cref="IsStart"/>: exclusive stores only, where the dispatcher checks the
/// limits itself and records the start behind the job instead of before it).
/// </summary>
/// <param name="Record">The record to write; for a start, a copy taken when the run started.</param>
/// <param name="IsStart">True for a start: written only while the stored run is still pending with the previous fence.</param>
/// <param name="Next">
/// With an outcome: the run's next attempt (a retry), inserted in the transaction that writes the outcome and only
/// when it is written, so that a crash cannot leave a <c>retrying</c> record whose retry was lost.
/// </param>
/// <param name="Chained">
/// With an outcome: the pending runs of the jobs it chains to (<see cref="Chaining.ChainedRuns"/>), inserted like
/// <paramref name="Next"/>: in the outcome's transaction, only when it is written.
/// </param>
internal readonly record struct RunWrite(RunRecord Record, bool IsStart, RunRecord? Next = null, IReadOnlyList<RunRecord>? Chained = null)
{
    /// <summary>The records inserted with the outcome: its next attempt and its chained runs.</summary>
    public IReadOnlyList<RunRecord> Inserted => Next is null ? Chained ?? [] : [Next, .. Chained ?? []];
}
