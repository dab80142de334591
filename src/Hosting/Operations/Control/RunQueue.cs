using Kairos.Host.Operations.Queries;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;

namespace Kairos.Host.Operations.Control;

/// <summary>Queues runs by hand: writes them pending, wakes the dispatcher, and tells why a run waits if no host starts it now.</summary>
internal sealed class RunQueue(IRunRecorder recorder, SchedulerSignal signal, HostReach reach, TimeProvider time)
{
    /// <summary>
    /// Queues a run of <paramref name="job"/> now (trigger key <c>manual</c>) with <paramref name="dataJson"/>. Its span is a
    /// child of <see cref="System.Diagnostics.Activity.Current"/>, else of <paramref name="caller"/>.
    /// </summary>
    public (RunRecord Run, TriggerResult Result) TriggerNow(StoredJob job, string? dataJson, (string? TraceParent, string? TraceState) caller)
    {
        var (traceParent, traceState) = TraceContext.Current() is { TraceParent: not null } current ? current : caller;
        var run = RunRecord.QueuedNow(job.Id, KairosScheduler.ManualTrigger, job.Policies, time.GetUtcNow(), RunOrigin.Trigger) with
        {
            DataJson = dataJson, TraceParent = traceParent, TraceState = traceState,
        };
        return (run, Queue(run));
    }

    /// <summary>Writes <paramref name="run"/> pending and wakes the dispatcher: its id, and why it waits.</summary>
    public TriggerResult Queue(RunRecord run)
    {
        recorder.Insert([run]);
        return Queued(run);
    }

    /// <summary>Wakes the dispatcher for <paramref name="run"/>, already written: its id, and why it waits.</summary>
    public TriggerResult Queued(RunRecord run)
    {
        signal.PendingAdded();
        return new TriggerResult(run.Id, reach.WhyItWaits(run.JobId));
    }
}
