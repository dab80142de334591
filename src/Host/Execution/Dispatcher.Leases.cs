using Kairos.Host.Storage;

namespace Kairos.Host.Execution;

/// <summary>This node's hold on its runs: leases, cancellation requested by other nodes, and shutdown.</summary>
internal sealed partial class Dispatcher
{
    /// <summary>
    /// The running run may be on another host: asks its owner through the store (the owner polls every housekeeping
    /// tick). A store failure is logged and the request is made again at the next dispatch: the runs of this batch
    /// already started in the store must still be started here.
    /// </summary>
    private void RequestCancellationElsewhere(RunRecord run, DateTimeOffset now)
    {
        try
        {
            foreach (var remote in runs.RequestCancellation(run.ConcurrencyKey, Node, now))
            {
                LogReplacingRemote(logger, run.JobId, remote.Id, remote.Node ?? "?", run.Id);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogReplaceRequestFailed(logger, e, run.JobId, run.ConcurrencyKey);
        }
    }

    /// <summary>Extends the leases of this node's running runs.</summary>
    public void RenewLeases(DateTimeOffset now)
    {
        var ids = Executions.Where(e => !e.Recorded.Task.IsCompleted).Select(e => e.Run.Id).ToList();
        if (ids.Count > 0)
        {
            runs.RenewLeases(Node, ids, now + _options.LeaseDuration);
        }
    }

    /// <summary>
    /// Stops this node's runs whose cancellation another node requested through the store (a newer fire replaced them
    /// under overlap policy Replace); they are recorded <c>cancelled</c> as a local replacement is. Nothing to ask of an
    /// exclusive store: no other node can use it.
    /// </summary>
    public void StopRunsCancelledElsewhere()
    {
        if (runs.IsExclusive)
        {
            return;
        }
        var active = Executions.Where(e => e.Reason == StopReason.None && !e.Recorded.Task.IsCompleted).ToDictionary(e => e.Run.Id, StringComparer.Ordinal);
        if (active.Count == 0)
        {
            return;
        }
        foreach (var id in runs.GetCancellationRequests(Node, active.Keys))
        {
            if (active.TryGetValue(id, out var execution))
            {
                LogReplacedElsewhere(logger, execution.Run.JobId, id);
                execution.Stop(StopReason.Replaced);
            }
        }
    }

    /// <summary>
    /// Starts nothing more; waits up to <paramref name="grace"/> for running jobs, cancels the rest and waits for their
    /// records; then releases the runs this node claimed ahead but did not start, so that they are due again at once
    /// (for another host of a cluster now, or for this one at its next start) rather than held under this node's lease.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        lock (_gate)
        {
            _closed = true;
        }
        await DrainAsync(grace).ConfigureAwait(false);
        var released = runs.ReleasePending(Node);
        if (released > 0)
        {
            LogReleased(logger, released);
        }
    }

    /// <summary>
    /// The process is ending without a graceful shutdown (<c>Environment.Exit</c> from a job that was allowed it, or
    /// the embedding app exiting without stopping its host): nothing will run again here, so every run still in flight
    /// is recorded <c>interrupted</c> now, synchronously (its code is about to be cut off), after the starts and
    /// outcomes queued in the writer are written; and the runs claimed ahead are released.
    /// </summary>
    public void RecordProcessExit()
    {
        lock (_gate)
        {
            _closed = true;
        }
        writer.Dispose();
        var now = time.GetUtcNow();
        var open = Executions.Where(e => !e.Recorded.Task.IsCompleted).Select(e =>
        {
            var record = e.Run.Snapshot();
            record.Status = RunStatus.Interrupted;
            record.EndedUtc = now;
            record.ErrorMessage = "interrupted: the host process exited (Environment.Exit) while the run was in flight";
            return record;
        }).ToList();
        var written = runs.CompleteMany(open).Count(w => w);
        var released = runs.ReleasePending(Node);
        LogProcessExit(logger, written, released);
    }

    private async Task DrainAsync(TimeSpan grace)
    {
        // A run already recorded (timed out, its code ignoring cancellation) has nothing left to wait for: the process
        // exit ends its code.
        var all = Executions.Where(e => !e.Recorded.Task.IsCompleted).ToList();
        if (all.Count == 0)
        {
            return;
        }
        LogDraining(logger, all.Count, grace);
        using var stop = new CancellationTokenSource();
        var finished = Task.WhenAll(all.Select(e => e.Recorded.Task));
        await Task.WhenAny(finished, Task.Delay(grace, time, stop.Token)).ConfigureAwait(false);
        foreach (var execution in all.Where(e => !e.Recorded.Task.IsCompleted))
        {
            execution.Stop(StopReason.Shutdown);
        }
        await Task.WhenAny(finished, Task.Delay(_options.CancellationGrace + TimeSpan.FromSeconds(1), time, stop.Token)).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
    }
}
