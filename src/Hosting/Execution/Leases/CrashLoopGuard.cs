using System.Globalization;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// The crash-loop rule: a job whose runs were in flight for <see cref="KairosOptions.HostDeathLimit"/> host deaths in a
/// row is paused with the reason, so the host starts and runs every other job (a job that ends the process, overflows
/// its stack or is killed with its host every time would otherwise take the host down at every start, or at every
/// fire); a fire that was itself in flight at that many deaths is not run again, whatever the job's recovery policy.
/// </summary>
/// <remarks>
/// Deaths in a row are counted from the job's history when an interrupted run is reported: its runs interrupted by a
/// host's death, newest first, back to the first run that ended (succeeded, failed, timed out or cancelled) or to the
/// job's last change or resume; runs interrupted together (one expiry of the dead host's leases) are one death, and a
/// re-run that a clean stop interrupted adds none. A fire's own count (<see cref="RunRecord.HostDeaths"/>, carried by
/// its re-runs) is decided in the store's transaction (<see cref="IsSpent"/>), so its re-run is never written; a job
/// with no re-runs (recovery <see cref="RecoveryPolicy.None"/>) reaches the limit across its fires.
/// </remarks>
internal sealed partial class CrashLoopGuard(ICatalogStore jobs, IRunHistory history, IOptions<KairosOptions> options, ILogger<CrashLoopGuard> logger)
{
    private readonly int _limit = options.Value.HostDeathLimit;

    /// <summary>True when the fire of <paramref name="run"/> was in flight for the limit's host deaths: it is not run again.</summary>
    public bool IsSpent(RunRecord run) => run.HostDeaths >= _limit;


    /// <summary>
    /// For a run just recorded interrupted by its host's death: pauses its job (unless it is paused already) when the
    /// deaths in a row during its runs reached the limit. True when the job is in a crash loop.
    /// </summary>
    public bool PauseIfLooping(RunRecord run, DateTimeOffset now)
    {
        var deaths = IsSpent(run) ? run.HostDeaths : DeathsInARow(run);
        if (deaths < _limit)
        {
            return false;
        }
        if (jobs.GetJob(run.JobId) is { Paused: false })
        {
            var reason = IsSpent(run) ? SpentNote(run) : CrashLoopAcrossFiresReason(run, deaths);
            jobs.SetPaused(run.JobId, new JobPause($"auto-paused: run {run.Id}: {reason}", "auto-pause"), now);
            LogCrashLoop(logger, run.JobId, deaths, run.Id);
        }
        return true;
    }

    /// <summary>
    /// The host deaths in a row during runs of <paramref name="interrupted"/>'s job, up to it (see the remarks above);
    /// at least the fire's own count. When history cannot be read, the fire's own count.
    /// </summary>
    private int DeathsInARow(RunRecord interrupted)
    {
        if (interrupted.HostDeaths <= 0)
        {
            return 0;
        }
        try
        {
            var newestFirst = RunsSinceChange.Of(jobs, history, interrupted.JobId, 8 * _limit + 32)
                .Where(r => r.Id != interrupted.Id && r.EndedUtc <= interrupted.EndedUtc)
                .Append(interrupted)
                .OrderByDescending(r => r.EndedUtc);
            var streak = new List<RunRecord>();
            foreach (var run in newestFirst)
            {
                if (run.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.TimedOut or RunStatus.Cancelled)
                {
                    break;
                }
                if (run.Status == RunStatus.Interrupted && run.HostDeaths > 0)
                {
                    streak.Add(run);
                }
            }
            return Math.Max(DeathInstants(streak), interrupted.HostDeaths);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogHistoryUnread(logger, e, interrupted.JobId, interrupted.Id);
            return interrupted.HostDeaths;
        }
    }

    /// <summary>
    /// How many deaths the interrupted <paramref name="runs"/> were ended by: a run counts when its fire's count of
    /// host deaths grew on it (a re-run carries its fire's count, so one a clean stop interrupted adds none), and runs
    /// a death ended together (one expiry of its leases, one instant) count once.
    /// </summary>
    private static int DeathInstants(List<RunRecord> runs)
    {
        var instants = new HashSet<DateTimeOffset>();
        foreach (var fire in runs.GroupBy(r => (r.TriggerKey, r.ScheduledUtc)))
        {
            var counted = 0;
            foreach (var run in fire.OrderBy(r => r.Attempt))
            {
                if (run.HostDeaths > counted)
                {
                    instants.Add(run.EndedUtc!.Value);
                    counted = run.HostDeaths;
                }
            }
        }
        return instants.Count;
    }

    /// <summary>Why a spent fire is not run again, appended to its interrupted record (and the pause's reason).</summary>
    public string SpentNote(RunRecord run) => string.Create(CultureInfo.InvariantCulture,
        $"the host died during this run {run.HostDeaths} time(s) (Kairos:HostDeathLimit {_limit}); not re-run, and the job is paused until 'kairos resume {run.JobId}'");

    private string CrashLoopAcrossFiresReason(RunRecord run, int deaths) => string.Create(CultureInfo.InvariantCulture,
        $"the host died {deaths} time(s) in a row during runs of this job, the last during this run (Kairos:HostDeathLimit {_limit}); the job is paused until 'kairos resume {run.JobId}'");

    [LoggerMessage(EventId = 414, Level = LogLevel.Error,
        Message = "Job {JobId} paused: the host died {Deaths} time(s) in a row while its runs were in flight, the last {RunId} (a crash loop: a job that ends the process, overflows its stack or is killed with the host). Fix the job, then 'kairos resume {JobId}'")]
    private static partial void LogCrashLoop(ILogger logger, string jobId, int deaths, string runId);

    [LoggerMessage(EventId = 415, Level = LogLevel.Error, Message = "The crash-loop guard could not read the history of {JobId} for its interrupted run {RunId}; only that fire's host deaths are counted")]
    private static partial void LogHistoryUnread(ILogger logger, Exception error, string jobId, string runId);
}
