using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// What happens to a run whose host died: the job's recovery policy, bounded by the crash-loop rule
/// (<see cref="CrashLoopGuard"/>: a fire in flight for <see cref="KairosOptions.HostDeathLimit"/> host deaths is not
/// run again, and a job whose runs were in flight for that many in a row is paused).
/// </summary>
internal sealed partial class RunRecovery(
    ICatalogStore jobs,
    JobCatalog catalog,
    CrashLoopGuard crashLoops,
    EngineEvents events,
    ILogger<RunRecovery> logger)
{
    /// <summary>
    /// The decision for a run the store is marking interrupted (inside its transaction, so the re-run is written with
    /// it): the next attempt when the job's policy is <see cref="RecoveryPolicy.Rerun"/> and the fire is under the
    /// limit, carrying the fire's count of host deaths; at the limit, no re-run and a note that says why.
    /// </summary>
    public RecoveryDecision Decide(RunRecord interrupted, DateTimeOffset now)
    {
        if (crashLoops.IsSpent(interrupted))
        {
            return new RecoveryDecision(null, crashLoops.SpentNote(interrupted));
        }
        if (PolicyOf(interrupted) != RecoveryPolicy.Rerun)
        {
            return default;
        }
        return new RecoveryDecision(RunRecords.NextAttempt(interrupted, now) with { HostDeaths = interrupted.HostDeaths });
    }

    /// <summary>
    /// Reports the runs the store marked interrupted (to the log and the listeners), and pauses the job of each one at the crash-loop limit. Returns
    /// whether any was re-run (the loop then collects the new pending runs).
    /// </summary>
    public bool Report(IReadOnlyList<RunRecord> interrupted, DateTimeOffset now)
    {
        var rerun = false;
        foreach (var run in interrupted)
        {
            events.RunEnded(run);
            if (crashLoops.PauseIfLooping(run, now) && crashLoops.IsSpent(run))
            {
                continue;
            }
            var again = PolicyOf(run) == RecoveryPolicy.Rerun;
            LogInterrupted(logger, run.JobId, run.Id, run.Node ?? "?", again);
            rerun |= again;
        }
        return rerun;
    }

    private RecoveryPolicy? PolicyOf(RunRecord run) =>
        (catalog.TryGetHandler(run.JobId, out var handler) ? handler.Definition.Policies : jobs.GetJob(run.JobId)?.Policies)?.Recovery;

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} on node {Node} was interrupted (its host stopped); re-run: {Rerun}")]
    private static partial void LogInterrupted(ILogger logger, string jobId, string runId, string node, bool rerun);
}
