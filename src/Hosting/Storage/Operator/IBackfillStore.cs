using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Operator;

/// <summary>
/// Backfill (#16): which scheduled instants of a trigger already have a run record, and inserting the runs of the
/// others. A second backfill of the same range, on any node, finds every instant recorded and inserts nothing.
/// </summary>
internal interface IBackfillStore
{
    /// <summary>
    /// The scheduled instants of <paramref name="jobId"/>'s trigger <paramref name="triggerKey"/> from
    /// <paramref name="fromUtc"/> to <paramref name="toUtc"/> (both included) that have a run record of any status.
    /// </summary>
    IReadOnlySet<DateTimeOffset> GetRecordedInstants(string jobId, string triggerKey, DateTimeOffset fromUtc, DateTimeOffset toUtc);

    /// <summary>
    /// Inserts those of <paramref name="runs"/> (pending runs of one job and trigger) whose scheduled instant has no run
    /// record of their job and trigger yet, in one transaction that no other backfill of the job interleaves with;
    /// returns the runs inserted.
    /// </summary>
    IReadOnlyList<RunRecord> InsertMissing(IReadOnlyList<RunRecord> runs);
}
