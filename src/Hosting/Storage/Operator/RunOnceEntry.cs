namespace Kairos.Host.Storage.Operator;

/// <summary>
/// One key of the run-once ledger (<see cref="IRunOnceLedger"/>): the job declared run-once under it, the run it queued
/// last (the first host that loaded the job, or an operator's rerun), when and by whom. How that run ended is read
/// from its run records, so the ledger is written only when a run is queued.
/// </summary>
internal sealed record RunOnceEntry
{
    public required string Key { get; init; }
    public required string JobId { get; init; }
    public required string RunId { get; init; }
    public required DateTimeOffset QueuedUtc { get; init; }
    /// <summary>Who queued the run: <c>node:ID</c> for a host that loaded the job, or the operator of a rerun.</summary>
    public required string QueuedBy { get; init; }
}
