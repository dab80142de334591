using Kairos.Host.Catalog;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Chaining;

/// <summary>
/// The runs to queue with a finished run's outcome (<see cref="ChainedRuns"/>). A target's policies (its concurrency
/// key) come from this host's catalog, else from the store (a job another host of the cluster loads); a target known
/// to neither is logged and left out (it is listed as a problem of the job, <see cref="ChainInfoContributor"/>).
/// </summary>
internal sealed partial class ChainPlanner(JobCatalog catalog, ICatalogStore jobs, ILogger<ChainPlanner> logger)
{
    /// <summary>The pending runs <paramref name="ended"/> chains to, queued at <paramref name="now"/>; empty when none.</summary>
    public IReadOnlyList<RunRecord> Plan(RunRecord ended, JobPolicies policies, DateTimeOffset now, string? traceParent)
    {
        var targets = ChainedRuns.Targets(ended, policies);
        if (targets.Count == 0)
        {
            return [];
        }
        var queued = new List<RunRecord>(targets.Count);
        foreach (var target in targets)
        {
            var targetPolicies = catalog.TryGetHandler(target, out var handler) ? handler.Definition.Policies : jobs.GetJob(target)?.Policies;
            if (targetPolicies is null)
            {
                LogUnknownTarget(logger, ended.JobId, ended.Id, target);
                continue;
            }
            queued.Add(ChainedRuns.Queue(ended, target, targetPolicies, now, traceParent));
        }
        return queued;
    }

    [LoggerMessage(EventId = 1060, Level = LogLevel.Warning,
        Message = "Run {RunId} of {JobId} chains to job '{Target}', which no source declares and the store does not know: no run of it was queued")]
    private static partial void LogUnknownTarget(ILogger logger, string jobId, string runId, string target);
}
