namespace Kairos.Host.Storage;

/// <summary>History and retention: reading run records, and deleting the ended ones beyond each job's limits.</summary>
internal interface IRunHistory
{
    RunRecord? GetRun(string runId);

    IReadOnlyList<RunRecord> Query(string? jobId, RunStatus? status, int limit);

    /// <summary>Deletes terminal records beyond the per-job count or older than the age. Returns how many.</summary>
    int ApplyRetention(Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now);
}
