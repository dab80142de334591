namespace Kairos.Host.Operations.Control;

/// <summary>
/// What an actor does to runs: queues one now, cancels one in progress, retries one that ended, reruns a run-once
/// entry. Each writes the run records; the front audits it.
/// </summary>
internal sealed class RunControls(RunQueue queue, RunCancel cancel, RunRetry retry, RunOnceControl runOnce)
{
    public RunQueue Queue => queue;

    public RunCancel Cancel => cancel;

    public RunRetry Retry => retry;

    public RunOnceControl RunOnce => runOnce;
}
