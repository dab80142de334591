using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.History;

/// <summary>History and retention: reading run records, and deleting the ended ones beyond each job's limits.</summary>
internal interface IRunHistory
{
    RunRecord? GetRun(string runId);

    IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit);

    /// <summary>
    /// One page of history for the scheduler API: the runs that match <paramref name="filter"/> with an id before
    /// <paramref name="beforeRunId"/> (null: from the newest), newest id first (run ids are time-ordered), at most
    /// <paramref name="limit"/>. Keyset paging: a page is stable while runs are added.
    /// </summary>
    IReadOnlyList<RunRecord> QueryPage(RunFilter filter, string? beforeRunId, int limit);

    /// <summary>Deletes terminal records beyond the per-job count or older than the age. Returns how many.</summary>
    int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now);
}
