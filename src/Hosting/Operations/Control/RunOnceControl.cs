using Kairos.Host.Operations.Queries;
using Kairos.Host.Scheduling.RunOnce;
using Kairos.Host.Storage;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Control;

/// <summary>Run-once jobs (#16): the ledger's keys with how their runs ended, and an operator's rerun of one.</summary>
internal sealed class RunOnceControl(IRunHistory runs, JobLookup lookup, RunQueue queue, TimeProvider time, IRunOnceLedger? ledger = null)
{
    private IRunOnceLedger Ledger => ledger ?? throw new OperationException("this store keeps no run-once ledger");

    /// <summary>Every key of the run-once ledger, by key, with the state of the run it queued last.</summary>
    public IReadOnlyList<RunOnceView> RunOnceEntries() => [.. Ledger.GetRunOnceEntries().Select(View)];

    /// <summary>
    /// Queues the run-once job of <paramref name="key"/> once more, now, for <paramref name="actor"/> (an operator's
    /// decision): a new run, which the ledger names from then on. Refused while the key's run is still queued. Returns the
    /// entry as it was and the new run's result.
    /// </summary>
    /// <exception cref="OperationException">The key is unknown, or its run has not ended.</exception>
    public (RunOnceEntry Previous, TriggerResult Result) RerunOnce(string actor, string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entry = Ledger.GetRunOnce(key) ?? throw UnknownKey(key);
        var view = View(entry);
        if (view.State == RunOnceView.Queued)
        {
            throw new OperationException(
                $"run-once key '{key}' of '{entry.JobId}' is queued: run {view.LastRunId} has not ended; wait for it, then rerun");
        }
        var job = lookup.Require(entry.JobId);
        var now = StoreInstants.Milliseconds(time.GetUtcNow());
        var run = RunOnceQueuer.For(entry.JobId, job.Policies, now);
        if (!Ledger.RequeueRunOnce(entry with { RunId = run.Id, QueuedUtc = now, QueuedBy = actor }, run, entry.RunId))
        {
            throw new OperationException($"run-once key '{key}' of '{entry.JobId}' was queued again meanwhile (by another operator): see 'kairos run-once list'");
        }
        return (entry, queue.Queued(run));
    }

    private OperationException UnknownKey(string key)
    {
        var known = Ledger.GetRunOnceEntries().Select(e => e.Key).ToList();
        return new OperationException(known.Count == 0
            ? $"unknown run-once key '{key}': the ledger is empty (no run-once job was loaded yet)"
            : $"unknown run-once key '{key}': expected one of {string.Join(", ", known)}");
    }

    /// <summary>The entry with its run's state, read from the attempts of the fire it queued (a retry is a new run of the same fire).</summary>
    private RunOnceView View(RunOnceEntry entry)
    {
        var fire = new RunFilter(entry.JobId, TriggerKey: RunOnceQueuer.TriggerKey, FromUtc: entry.QueuedUtc, ToUtc: entry.QueuedUtc.AddTicks(TimeSpan.TicksPerMillisecond));
        var last = runs.QueryPage(fire, null, KairosScheduler.MaxPage).MaxBy(r => r.Attempt);
        var state = last switch
        {
            null => RunOnceView.Unknown,
            { Status: RunStatus.Succeeded } => RunOnceView.Succeeded,
            { Status: var status } when !status.IsTerminal() => RunOnceView.Queued,
            _ => RunOnceView.Failed,
        };
        return new RunOnceView(entry.Key, entry.JobId, entry.RunId, state, entry.QueuedUtc, entry.QueuedBy)
        {
            LastRunId = last?.Id, Attempt = last?.Attempt, EndedUtc = last?.EndedUtc,
        };
    }
}
