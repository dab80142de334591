using System.Collections.Concurrent;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Starting;

/// <summary>
/// Starts on an exclusive store (LiteDB): every running run is one of this node's executions, so the limits are
/// checked here, in memory, the runs start at once and their starts are written behind them by the
/// <see cref="RunWriter"/>, except a job's first start in this process and a fire a host died during, written before
/// they run (the crash-loop guard must see the death of a host such a run kills at once). No other node exists to cancel or be cancelled by.
/// </summary>
internal sealed class LocalStartPolicy(ExecutingRuns executing, RunWriter writer, IRunRecorder runs, IOptions<KairosOptions> options) : IStartPolicy
{
    private readonly KairosOptions _options = options.Value;

    /// <summary>The jobs whose first start in this process is written (every later start is written behind).</summary>
    private readonly ConcurrentDictionary<string, byte> _startedHere = new(StringComparer.Ordinal);

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
            // A fire that was in flight when a host died, and a job's first run in this process, have their starts written
            // before they run: a start written behind may never arrive if the job kills this host at once, and the
            // death must be seen to count against the crash-loop limit (HostDeathLimit). Without the second, a job that
            // ends the process within the write-behind window would leave its fire pending, re-run at every start as
            // the same attempt with no death counted.
            if (started.HostDeaths == 0 && !_startedHere.TryAdd(run.JobId, 0))
            {
                writer.StartBehind(started);
            }
            else if (!runs.WriteMany([new RunWrite(started, IsStart: true)])[0])
            {
                if (started.HostDeaths == 0)
                {
                    _startedHere.TryRemove(run.JobId, out _);
                }
                results[i] = (StartResult.Gone, null);
                continue;
            }
            results[i] = (StartResult.Started, started);
        }
        return results;
    }

    /// <summary>None: starts are decided in memory, each batch at once.</summary>
    public TimeSpan GatherWindow => TimeSpan.Zero;

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
