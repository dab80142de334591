using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Explain;

namespace Kairos.Host.Operations.Views;

/// <summary>
/// The operator actions beyond trigger, pause and resume (#20), each recorded in the audit trail with the actor
/// (<see cref="Audit"/>). The rules are the <see cref="KairosScheduler"/>'s (<c>KairosScheduler.Operator.cs</c>).
/// </summary>
internal sealed partial class KairosOperations
{
    /// <summary>
    /// Asks a running run to stop (its job's token is cancelled; on another node, through the store within a lease
    /// renewal). Unknown run: <see cref="RunNotFoundException"/>; a run that is not running: <see cref="OperationException"/>.
    /// </summary>
    public void Cancel(string runId) => scheduler.Cancel(runId);

    /// <summary>
    /// Runs a failed, timed-out or interrupted run again as a new attempt of the same fire (same trigger, scheduled
    /// instant and data); its run id. Another status: <see cref="OperationException"/> naming it.
    /// </summary>
    public TriggerResult Retry(string runId) => scheduler.Retry(runId);

    /// <summary>Switches the job off until <see cref="Enable"/> (kept in the store, across restarts; state <c>disabled</c>), with an optional reason.</summary>
    public void Disable(string jobId, string? reason) => scheduler.Disable(jobId, reason);

    /// <summary>Switches back on a job <see cref="Disable"/> switched off (configuration's <c>Enabled=false</c> still holds).</summary>
    public void Enable(string jobId) => scheduler.Enable(jobId);

    /// <summary>The audit trail, newest first, of one job or all: at most <paramref name="limit"/> entries after the page <paramref name="pageToken"/> names.</summary>
    public AuditPageView Audit(string? jobId, int limit, string? pageToken = null)
    {
        if (limit < 1)
        {
            throw new OperationException($"limit {limit} is invalid: expected a positive number");
        }
        var (entries, next) = scheduler.AuditPage(jobId, Math.Min(limit, KairosScheduler.MaxPage), pageToken);
        return new AuditPageView([.. entries.Select(e => new AuditView(e.Id, e.AtUtc, e.Actor, e.Action, e.JobId, e.RunId, e.Detail))], next);
    }

    /// <summary>
    /// Why the job did or did not fire around <paramref name="at"/> (an ISO-8601 instant; now when null), of one trigger
    /// when <paramref name="trigger"/> is given (<c>kairos explain</c>).
    /// </summary>
    public ExplainView Explain(string jobId, string? at, string? trigger = null) => scheduler.Explain(jobId, Instant("at", at), trigger);
}
