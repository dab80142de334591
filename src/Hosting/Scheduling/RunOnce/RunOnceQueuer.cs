using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.RunOnce;

/// <summary>
/// Queues the one run of each run-once job this host loads (#16), when the ledger has no entry for its key yet: the
/// entry and the run are written in one transaction that only the first host of a cluster gets to write, so the key
/// runs once per store, across restarts and redeploys. A key seen in the ledger is not asked about again by this host.
/// A job switched off by configuration is queued once it is on.
/// </summary>
internal sealed partial class RunOnceQueuer(
    IRunOnceLedger ledger,
    SchedulerSignal signal,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<RunOnceQueuer> logger)
{
    /// <summary>The trigger key of a run-once job's runs.</summary>
    public const string TriggerKey = "run-once";

    private readonly HashSet<string> _settled = new(StringComparer.Ordinal);

    /// <summary>Queues the run of every run-once job of <paramref name="handlers"/> whose key the ledger does not have.</summary>
    public void Queue(IReadOnlyList<JobHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            var effective = handler.Effective;
            if (effective.Definition.RunOnce is not { } key || effective.DisabledReason is not null)
            {
                continue;
            }
            lock (_settled)
            {
                if (_settled.Contains(key))
                {
                    continue;
                }
            }
            try
            {
                if (TryQueue(key, effective.Definition))
                {
                    signal.PendingAdded();
                }
                lock (_settled)
                {
                    _settled.Add(key);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogQueueFailed(logger, e, effective.Definition.Id, key);
            }
        }
    }

    private bool TryQueue(string key, JobDefinition job)
    {
        if (ledger.GetRunOnce(key) is { } entry)
        {
            LogAlreadyQueued(logger, job.Id, key, entry.RunId, entry.QueuedBy);
            return false;
        }
        var now = StoreInstants.Milliseconds(time.GetUtcNow());
        var run = For(job.Id, job.Policies, now);
        var queued = ledger.TryQueueRunOnce(new RunOnceEntry { Key = key, JobId = job.Id, RunId = run.Id, QueuedUtc = now, QueuedBy = "node:" + options.Value.EffectiveNodeId }, run);
        if (queued)
        {
            LogQueued(logger, job.Id, key, run.Id);
        }
        else
        {
            LogAlreadyQueued(logger, job.Id, key, ledger.GetRunOnce(key)?.RunId ?? "?", "another host");
        }
        return queued;
    }

    /// <summary>The run a run-once key queues for <paramref name="jobId"/> at <paramref name="now"/> (a host's first load, or an operator's rerun).</summary>
    public static RunRecord For(string jobId, JobPolicies policies, DateTimeOffset now) =>
        RunRecord.QueuedNow(jobId, TriggerKey, policies, now, RunOrigin.RunOnce);

    [LoggerMessage(EventId = 1020, Level = LogLevel.Information, Message = "Run-once job {JobId}: key '{Key}' queued run {RunId}")]
    private static partial void LogQueued(ILogger logger, string jobId, string key, string runId);

    [LoggerMessage(EventId = 1021, Level = LogLevel.Information, Message = "Run-once job {JobId}: key '{Key}' already queued run {RunId} ({By}); not queued again")]
    private static partial void LogAlreadyQueued(ILogger logger, string jobId, string key, string runId, string by);

    [LoggerMessage(EventId = 1022, Level = LogLevel.Error, Message = "Run-once job {JobId}: key '{Key}' could not be checked or queued in the store; tried again at the next catalog change or start")]
    private static partial void LogQueueFailed(ILogger logger, Exception error, string jobId, string key);
}
