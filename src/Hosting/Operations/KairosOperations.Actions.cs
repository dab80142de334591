namespace Kairos.Host.Operations;

/// <summary>
/// The operator actions beyond trigger, pause and resume (#20), each recorded in the audit trail with the actor
/// (<see cref="Audit"/>). Contract for the API and the dashboard; implemented with the store in the operations branch.
/// </summary>
internal sealed partial class KairosOperations
{
    /// <summary>
    /// Asks a running run to stop (its job's token is cancelled; on another node, through the store within a lease
    /// renewal). Unknown run: <see cref="RunNotFoundException"/>; a run that is not running: <see cref="OperationException"/>.
    /// </summary>
    public void Cancel(string runId) => throw new NotSupportedException("Cancel lands with the operations branch of #20");

    /// <summary>
    /// Runs a failed, timed-out or interrupted run again as a new attempt of the same fire (same trigger, scheduled
    /// instant and data); its run id. Another status: <see cref="OperationException"/> naming it.
    /// </summary>
    public TriggerResult Retry(string runId) => throw new NotSupportedException("Retry lands with the operations branch of #20");

    /// <summary>Switches the job off until <see cref="Enable"/> (kept in the store, across restarts; state <c>disabled</c>), with an optional reason.</summary>
    public void Disable(string jobId, string? reason) => throw new NotSupportedException("Disable lands with the operations branch of #20");

    /// <summary>Switches back on a job <see cref="Disable"/> switched off (configuration's <c>Enabled=false</c> still holds).</summary>
    public void Enable(string jobId) => throw new NotSupportedException("Enable lands with the operations branch of #20");

    /// <summary>The audit trail, newest first, of one job or all: at most <paramref name="limit"/> entries after the page <paramref name="pageToken"/> names.</summary>
    public AuditPageView Audit(string? jobId, int limit, string? pageToken = null) => throw new NotSupportedException("Audit lands with the operations branch of #20");
}
