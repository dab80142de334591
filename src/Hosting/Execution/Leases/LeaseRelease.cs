using Kairos.Host.Hosting;
using Kairos.Host.Storage.Leases;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// What this node gives back when it stops: it waits for its running jobs, cancels the rest, and releases the runs it
/// claimed ahead; or, when the process ends without a graceful stop, records its runs in flight interrupted.
/// </summary>
internal sealed partial class LeaseRelease(
    InFlightRuns inFlight,
    ILeaseStore leases,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<LeaseRelease> logger)
{
    private readonly KairosOptions _options = options.Value;

    private string Node => _options.EffectiveNodeId;

    /// <summary>
    /// Waits up to <paramref name="grace"/> for running jobs, cancels the rest and waits for their records; then
    /// releases the runs this node claimed ahead but did not start, so that they are due again at once (for another
    /// host of a cluster now, or for this one at its next start) rather than held under this node's lease. The
    /// dispatcher starts nothing more by then.
    /// </summary>
    public async Task ShutdownAsync(TimeSpan grace)
    {
        await DrainAsync(grace).ConfigureAwait(false);
        var released = leases.ReleasePending(Node);
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
        var written = inFlight.RecordInterrupted("interrupted: the host process exited (Environment.Exit) while the run was in flight");
        var released = leases.ReleasePending(Node);
        LogProcessExit(logger, written, released);
    }

    private async Task DrainAsync(TimeSpan grace)
    {
        // A run already recorded (timed out, its code ignoring cancellation) has nothing left to wait for: the process
        // exit ends its code.
        var all = inFlight.Open();
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

    [LoggerMessage(EventId = 508, Level = LogLevel.Information, Message = "Shutting down: waiting up to {Grace} for {Count} running job(s)")]
    private static partial void LogDraining(ILogger logger, int count, TimeSpan grace);

    [LoggerMessage(EventId = 514, Level = LogLevel.Information, Message = "Shutting down: released {Count} run(s) claimed ahead but not started; they are due again")]
    private static partial void LogReleased(ILogger logger, int count);

    [LoggerMessage(EventId = 515, Level = LogLevel.Warning,
        Message = "The process is exiting without a graceful shutdown: {Interrupted} run(s) in flight recorded interrupted, {Released} run(s) claimed ahead released")]
    private static partial void LogProcessExit(ILogger logger, int interrupted, int released);
}
