using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Starting;

/// <summary>
/// Starts on a store other nodes use at the same time (PostgreSQL): a batch starts in one store transaction that
/// checks the limits per concurrency key across nodes, and overlap policy Replace reaches the runs of other nodes
/// through the store, both ways (this node asks, and stops the runs others asked it to stop).
/// </summary>
internal sealed partial class SharedStartPolicy(
    ExecutingRuns executing,
    IRunRecorder runs,
    ILeaseStore leases,
    IOptions<KairosOptions> options,
    ILogger<SharedStartPolicy> logger) : IStartPolicy
{
    private readonly KairosOptions _options = options.Value;

    private string Node => _options.EffectiveNodeId;

    public IReadOnlyList<(StartResult Result, RunRecord? Started)> StartMany(IReadOnlyList<(RunRecord Run, JobHandler Handler)> batch, DateTimeOffset now)
    {
        var requests = batch.Select(b => new StartRequest(b.Run.Id, b.Handler.Version, b.Run.StartLimit(b.Handler.Definition.Policies.ConcurrencyLimit))).ToList();
        return runs.TryStartMany(requests, Node, now, now + _options.LeaseDuration);
    }

    /// <summary>
    /// The record batch window (<see cref="KairosOptions.RecordBatchWindow"/>): a start batch is one transaction, so
    /// starts are gathered as outcomes are.
    /// </summary>
    public TimeSpan GatherWindow => _options.RecordBatchWindow;

    /// <summary>
    /// The running run may be on another host: asks its owner through the store (the owner polls every housekeeping
    /// tick). A store failure is logged and the request is made again at the next dispatch: the runs of this batch
    /// already started in the store must still be started here.
    /// </summary>
    public void ReplaceElsewhere(RunRecord run, DateTimeOffset now)
    {
        try
        {
            foreach (var remote in leases.RequestCancellation(run.ConcurrencyKey, Node, now))
            {
                LogReplacingRemote(logger, run.JobId, remote.Id, remote.Node ?? "?", run.Id);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReplaceRequestFailed(logger, e, run.JobId, run.ConcurrencyKey);
        }
    }

    /// <summary>
    /// Stops this node's runs whose cancellation was requested through the store (a newer fire replaced them under
    /// overlap policy Replace, or an operator cancelled them on another node); they are recorded <c>cancelled</c>.
    /// </summary>
    public void StopRunsCancelledElsewhere()
    {
        var active = executing.All.Where(e => e.Reason == StopReason.None && !e.Recorded.Task.IsCompleted).ToDictionary(e => e.Run.Id, StringComparer.Ordinal);
        if (active.Count == 0)
        {
            return;
        }
        foreach (var (id, by) in leases.GetCancellationRequests(Node, active.Keys))
        {
            if (!active.TryGetValue(id, out var execution))
            {
                continue;
            }
            if (by is null)
            {
                LogReplacedElsewhere(logger, execution.Run.JobId, id);
                execution.Stop(StopReason.Replaced);
            }
            else
            {
                LogCancelledByOperator(logger, execution.Run.JobId, id, by);
                execution.Stop(StopReason.Operator, by);
            }
        }
    }

    /// <summary>Only runs whose lease expired: the others may belong to live nodes.</summary>
    public DateTimeOffset AbandonedAtStartBefore(DateTimeOffset now) => now;

    [LoggerMessage(EventId = 510, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} on node {Node} is asked to stop: run {NewRunId} replaces it")]
    private static partial void LogReplacingRemote(ILogger logger, string jobId, string runId, string node, string newRunId);

    [LoggerMessage(EventId = 511, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} is cancelled: another node's newer fire replaces it")]
    private static partial void LogReplacedElsewhere(ILogger logger, string jobId, string runId);

    [LoggerMessage(EventId = 540, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} is cancelled by {By} (asked through the store)")]
    private static partial void LogCancelledByOperator(ILogger logger, string jobId, string runId, string by);

    [LoggerMessage(EventId = 512, Level = LogLevel.Error, Message = "Could not ask other nodes to stop the running run of '{ConcurrencyKey}' for {JobId}; asking again at the next dispatch")]
    private static partial void LogReplaceRequestFailed(ILogger logger, Exception error, string jobId, string concurrencyKey);
}
