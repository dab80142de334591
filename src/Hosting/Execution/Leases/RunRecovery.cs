using System.Globalization;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// What happens to a run whose host died: the job's recovery policy, bounded by the crash-loop limit. A fire that
/// was in flight at <see cref="KairosOptions.HostDeathLimit"/> host deaths is not run again, whatever the policy (a job
/// that ends the process, overflows its stack or is killed with its host every time would otherwise take the host
/// down at every start), and its job is paused with the reason, so the host starts and runs every other job.
/// </summary>
internal sealed partial class RunRecovery(
    ICatalogStore jobs, JobCatalog catalog, EngineEvents events, IOptions<KairosOptions> options, ILogger<RunRecovery> logger)
{
    private readonly int _limit = options.Value.HostDeathLimit;

    /// <summary>
    /// The decision for a run the store is marking interrupted (inside its transaction, so the re-run is written with
    /// it): the next attempt when the job's policy is <see cref="RecoveryPolicy.Rerun"/> and the fire is under the
    /// limit, carrying the fire's count of host deaths; at the limit, no re-run and a note that says why.
    /// </summary>
    public RecoveryDecision Decide(RunRecord interrupted, DateTimeOffset now)
    {
        if (IsCrashLoop(interrupted))
        {
            return new RecoveryDecision(null, CrashLoopReason(interrupted));
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
            if (IsCrashLoop(run))
            {
                var reason = CrashLoopReason(run);
                jobs.SetPaused(run.JobId, new JobPause($"auto-paused: run {run.Id}: {reason}", "auto-pause"), now);
                LogCrashLoop(logger, run.JobId, run.Id, run.HostDeaths);
                continue;
            }
            var again = PolicyOf(run) == RecoveryPolicy.Rerun;
            LogInterrupted(logger, run.JobId, run.Id, run.Node ?? "?", again);
            rerun |= again;
        }
        return rerun;
    }

    private bool IsCrashLoop(RunRecord run) => run.HostDeaths >= _limit;

    private string CrashLoopReason(RunRecord run) => string.Create(CultureInfo.InvariantCulture,
        $"the host died during this run {run.HostDeaths} time(s) (Kairos:HostDeathLimit {_limit}); not re-run, and the job is paused until 'kairos resume {run.JobId}'");

    private RecoveryPolicy? PolicyOf(RunRecord run) =>
        (catalog.TryGetHandler(run.JobId, out var handler) ? handler.Definition.Policies : jobs.GetJob(run.JobId)?.Policies)?.Recovery;

    [LoggerMessage(EventId = 412, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} on node {Node} was interrupted (its host stopped); re-run: {Rerun}")]
    private static partial void LogInterrupted(ILogger logger, string jobId, string runId, string node, bool rerun);

    [LoggerMessage(EventId = 414, Level = LogLevel.Error,
        Message = "Job {JobId} paused: the host died {Deaths} time(s) while its run {RunId} was in flight (a crash loop: a job that ends the process, overflows its stack or is killed with the host); the run is not re-run. Fix the job, then 'kairos resume {JobId}'")]
    private static partial void LogCrashLoop(ILogger logger, string jobId, string runId, int deaths);
}
