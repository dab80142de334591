using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.History;

/// <summary>
/// Which ended runs the retention sweep deletes: for each job, those beyond its newest <c>Count</c> ended runs and
/// those that ended before now minus its <c>Age</c>. Pure, so a store that sweeps in code (LiteDB, the tests' in-memory
/// store) applies one rule; PostgreSQL states the same rule in SQL.
/// </summary>
internal static class RetentionPlan
{
    /// <summary>The ids to delete among <paramref name="newestFirst"/> (runs ordered by scheduled instant, newest first).</summary>
    public static List<string> Doomed(IEnumerable<RunRecord> newestFirst, Func<string, (int Count, TimeSpan Age)> limitsForJob, DateTimeOffset now)
    {
        var kept = new Dictionary<string, (int Seen, int Count, DateTimeOffset Cutoff)>(StringComparer.Ordinal);
        var doomed = new List<string>();
        foreach (var run in newestFirst)
        {
            if (!run.Status.IsTerminal())
            {
                continue;
            }
            if (!kept.TryGetValue(run.JobId, out var job))
            {
                var (count, age) = limitsForJob(run.JobId);
                job = (0, count, now - age);
            }
            if (job.Seen >= job.Count || (run.EndedUtc ?? run.ScheduledUtc) < job.Cutoff)
            {
                doomed.Add(run.Id);
            }
            kept[run.JobId] = job with { Seen = job.Seen + 1 };
        }
        return doomed;
    }
}
