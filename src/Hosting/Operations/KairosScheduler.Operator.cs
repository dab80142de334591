using Kairos.Host.Execution;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations;

/// <summary>
/// The operator actions beyond the scheduler API's contract (#20): cancel a running run, retry a failed one, disable and
/// enable a job by hand; and the audit trail every action of this class writes to (<see cref="Record"/>).
/// </summary>
internal sealed partial class KairosScheduler
{
    /// <summary>The statuses <see cref="Retry"/> takes: runs that ended without succeeding and will not run again by themselves.</summary>
    private static readonly RunStatus[] Retriable = [RunStatus.Failed, RunStatus.TimedOut, RunStatus.Interrupted];

    /// <summary>
    /// Asks the running run <paramref name="runId"/> to stop: in this process through its token; on another node of a
    /// cluster through the store (its owner stops it within a housekeeping tick). It ends <c>cancelled by ACTOR</c>,
    /// after the job's cancellation grace at most. Returns the run as it was asked.
    /// </summary>
    /// <exception cref="RunNotFoundException">No run has this id.</exception>
    /// <exception cref="OperationException">The run is not running (its status is quoted).</exception>
    public RunRecord Cancel(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var run = _parts.Runs.GetRun(runId) ?? throw new RunNotFoundException(runId);
        if (run.Status != RunStatus.Running)
        {
            throw NotRunning(run);
        }
        if (_parts.Executing?.All.FirstOrDefault(e => e.Run.Id == runId) is { } execution)
        {
            execution.Stop(StopReason.Operator, Actor);
        }
        else
        {
            run = _parts.Leases.RequestRunCancellation(runId, Actor, _parts.Time.GetUtcNow())
                ?? throw NotRunning(_parts.Runs.GetRun(runId) ?? run);
        }
        Record(AuditActions.Cancel, run.JobId, runId, AuditDetail.Of(("node", run.Node)));
        return run;
    }

    private static OperationException NotRunning(RunRecord run) => new(
        $"run '{run.Id}' of '{run.JobId}' is {run.Status.Word()}: only a running run can be cancelled");

    /// <summary>
    /// Runs again a <c>failed</c>, <c>timed-out</c> or <c>interrupted</c> run: a new pending run of the same fire (same
    /// trigger key, scheduled instant and data), attempt = the fire's newest attempt + 1, queued now for the dispatcher.
    /// </summary>
    /// <exception cref="RunNotFoundException">No run has this id.</exception>
    /// <exception cref="OperationException">The run has another status, or an attempt of its fire is still open.</exception>
    public TriggerResult Retry(string runId)
    {
        ArgumentNullException.ThrowIfNull(runId);
        var run = _parts.Runs.GetRun(runId) ?? throw new RunNotFoundException(runId);
        if (!Retriable.Contains(run.Status))
        {
            throw new OperationException(
                $"run '{runId}' of '{run.JobId}' is {run.Status.Word()}: only a failed, timed-out or interrupted run can be retried");
        }
        RequireJob(run.JobId);
        var fire = new RunFilter(run.JobId, TriggerKey: run.TriggerKey, FromUtc: run.ScheduledUtc, ToUtc: run.ScheduledUtc.AddTicks(TimeSpan.TicksPerMillisecond));
        var attempts = _parts.Runs.QueryPage(fire, null, MaxPage).Where(r => r.ScheduledUtc == run.ScheduledUtc).ToList();
        if (attempts.FirstOrDefault(r => !r.Status.IsTerminal()) is { } open)
        {
            throw new OperationException(
                $"run '{runId}' of '{run.JobId}' is not retried: attempt {open.Attempt} of the same fire ({open.Id}) is {open.Status.Word()}; wait for it to end");
        }
        var now = _parts.Time.GetUtcNow();
        var newest = attempts.Append(run).MaxBy(r => r.Attempt)!;
        var retry = RunRecords.NextAttempt(newest, now) with { Priority = RunRecord.QueuedByHandPriority, DataJson = run.DataJson };
        _parts.Recorder.Insert([retry]);
        _parts.Signal.PendingAdded();
        Record(AuditActions.Retry, run.JobId, runId, AuditDetail.Of(("run", retry.Id), ("attempt", retry.Attempt.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return new TriggerResult(retry.Id, WhyItWaits(run.JobId));
    }

    /// <summary>
    /// Switches the job off by hand until <see cref="Enable"/>: kept in the store (across restarts and reconciles), its
    /// state <c>disabled</c> with the reason and who; no fire of it is claimed meanwhile (runs already running go on).
    /// </summary>
    public void Disable(string jobId, string? reason)
    {
        RequireJob(jobId);
        if (!_parts.Jobs.SetDisabled(jobId, new JobDisable(Actor, reason), _parts.Time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        _parts.Signal.Wake();
        Record(AuditActions.Disable, jobId, null, AuditDetail.Of(("reason", reason)));
    }

    /// <summary>Clears an operator's <see cref="Disable"/>; configuration's <c>Kairos:Jobs:ID:Enabled=false</c> still holds.</summary>
    public void Enable(string jobId)
    {
        var job = RequireJob(jobId);
        if (job.DisabledBy is not null && !_parts.Jobs.SetDisabled(jobId, null, _parts.Time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        _parts.Signal.Wake();
        Record(AuditActions.Enable, jobId, null, job.DisabledBy is null ? "it was not disabled by an operator" : null);
    }

    /// <summary>
    /// One page of the audit trail, newest first: at most <paramref name="limit"/> entries (1 to <see cref="MaxPage"/>) of
    /// <paramref name="jobId"/> (null: all) after the page <paramref name="pageToken"/> names, and the next page's token.
    /// A job id the store has neither as a job nor in the trail is refused (a typo would look like a quiet job).
    /// </summary>
    public (IReadOnlyList<AuditEntry> Entries, string? NextPageToken) AuditPage(string? jobId, int limit, string? pageToken = null)
    {
        if (limit is < 1 or > MaxPage)
        {
            throw new ArgumentException($"limit {limit} is invalid: expected 1 to {MaxPage}", nameof(limit));
        }
        var before = pageToken is null ? null : PageToken.AuditIdOf(pageToken);
        var found = _parts.Audit.AuditPage(jobId, before, limit + 1);
        if (found.Count == 0 && before is null && jobId is not null && _parts.Jobs.GetJob(jobId) is null)
        {
            throw UnknownJob(jobId);
        }
        return found.Count > limit
            ? ([.. found.Take(limit)], PageToken.ForAudit(found[limit - 1].Id))
            : (found, null);
    }

    /// <summary>Appends an entry for an action this actor took, now, to the audit trail.</summary>
    internal void Record(string action, string? jobId, string? runId, string? detail)
    {
        var now = _parts.Time.GetUtcNow();
        _parts.Audit.Append(new AuditEntry
        {
            Id = _parts.AuditIds.Next(now), AtUtc = StoreInstants.Milliseconds(now), Actor = Actor, Action = action, JobId = jobId, RunId = runId, Detail = detail,
        });
    }
}
