using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Starting;

/// <summary>
/// Starts on an exclusive store (LiteDB): every running run is one of this node's executions, so the limits are
/// checked here, in memory, the runs start at once and their starts are written behind them by the
/// <see cref="RunWriter"/>. No other node exists to cancel or be cancelled by.
/// </summary>
internal sealed class LocalStartPolicy(ExecutingRuns executing, RunWriter writer, IRunRecorder runs, IOptions<KairosOptions> options) : IStartPolicy
{
    private readonly KairosOptions _options = options.Value;

    /// <summary>This node's id, made once: <see cref="KairosOptions.EffectiveNodeId"/> asks the machine's name on each call.</summary>
    private readonly string _node = options.Value.EffectiveNodeId;

    public IReadOnlyList<(StartResult Result, RunRecord? Started)> StartMany(IReadOnlyList<(RunRecord Run, JobHandler Handler)> batch, DateTimeOffset now)
    {
        var results = new (StartResult, RunRecord?)[batch.Count];
        // Runs of this batch are counted when they start, after the whole batch is decided.
        var inBatch = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            var (run, handler) = batch[i];
            var count = executing.WithKey(run.ConcurrencyKey) + inBatch.GetValueOrDefault(run.ConcurrencyKey);
            if (count >= run.StartLimit(handler.Definition.Policies.ConcurrencyLimit))
            {
                results[i] = (StartResult.Busy, null);
                continue;
            }
            inBatch[run.ConcurrencyKey] = inBatch.GetValueOrDefault(run.ConcurrencyKey) + 1;
            var started = run.Started(_node, handler.Version, now, now + _options.LeaseDuration);
            // A fire that was in flight when a host died has its start written before it runs: a start written
            // behind may never arrive if it kills this host too, and the death must be seen to count against the
            // crash-loop limit (HostDeathLimit).
            if (started.HostDeaths == 0)
            {
                writer.StartBehind(started);
            }
            else if (!runs.WriteMany([new RunWrite(started, IsStart: true)])[0])
            {
                results[i] = (StartResult.Gone, null);
                continue;
            }
            results[i] = (StartResult.Started, started);
        }
        return results;
    }

    /// <summary>Nothing to ask: no other node can use the store.</summary>
    public void ReplaceElsewhere(RunRecord run, DateTimeOffset now)
    {
    }

    /// <summary>Nothing to ask of the store: no other node can use it.</summary>
    public void StopRunsCancelledElsewhere()
    {
    }

    /// <summary>Every run still marked running was left by a host that is gone: this process holds the store's lock.</summary>
    public DateTimeOffset AbandonedAtStartBefore(DateTimeOffset now) => DateTimeOffset.MaxValue;
}
