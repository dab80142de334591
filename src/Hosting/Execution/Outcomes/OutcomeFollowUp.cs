using Kairos.Host.Storage.Catalog;
using Kairos.Host.Chaining;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution.Outcomes;

/// <summary>
/// What follows an ended run around the write of its outcome: the chained runs planned to go in with it, then, once it is
/// written, the listeners told, the dispatcher woken for the retry or the chained runs, and the auto-pause count.
/// </summary>
internal sealed class OutcomeFollowUp(IDispatchSignal signal, EngineEvents events, AutoPause? autoPause = null, ChainPlanner? chains = null)
{
    /// <summary>The runs <paramref name="run"/> chains to, to be written with its outcome; none when it is retried.</summary>
    public IReadOnlyList<RunRecord> Chained(RunRecord run, RunRecord? retry, JobPolicies policies, DateTimeOffset now, string? traceParent) =>
        retry is null && chains is not null ? chains.Plan(run, policies, now, traceParent) : [];

    /// <summary><paramref name="run"/>'s outcome was written with its <paramref name="retry"/> and <paramref name="chained"/> runs.</summary>
    public void Written(RunRecord run, RunRecord? retry, IReadOnlyList<RunRecord> chained, JobPolicies policies)
    {
        events.RunEnded(run);
        if (retry is not null || chained.Count > 0)
        {
            signal.PendingAdded();
        }
        if (retry is null)
        {
            autoPause?.Observe(run, policies);
        }
    }

    /// <summary>A skipped fire <paramref name="run"/> was written.</summary>
    public void SkippedWritten(RunRecord run) => events.FireNotRun(run);
}
