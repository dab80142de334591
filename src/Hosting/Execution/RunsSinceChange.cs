using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution;

/// <summary>
/// A job's newest runs that ended since it was last changed, paused or resumed (<see cref="StoredJob.UpdatedUtc"/>):
/// where the counts read back from history start again (the auto-pause's failures in a row, the crash-loop guard's
/// host deaths in a row), so a job resumed after a pause is counted afresh.
/// </summary>
internal static class RunsSinceChange
{
    /// <summary>At most <paramref name="limit"/> of the newest runs of <paramref name="jobId"/>, those ended since its last change.</summary>
    public static IEnumerable<RunRecord> Of(ICatalogStore jobs, IRunHistory history, string jobId, int limit)
    {
        var since = jobs.GetJob(jobId)?.UpdatedUtc ?? DateTimeOffset.MinValue;
        return history.Query(jobId, null, limit).Where(r => r.EndedUtc > since);
    }
}
