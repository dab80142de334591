using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Watchdog;

/// <summary>
/// Watches the scheduler's progress stamps (<see cref="SchedulerProgress"/>) from a thread of its own, so that a starved
/// thread pool cannot silence it: every quarter of the threshold it applies the <see cref="StallChecker"/>, and for each
/// stall logs an error naming the part and its step, counts it, and tells the listeners; for each recovery it logs and
/// tells them again (<see cref="StallReport"/>). It only observes: it never fires, re-queues or cancels anything.
/// </summary>
internal sealed partial class SchedulerWatchdog(
    SchedulerProgress progress,
    IOptions<WatchdogOptions> options,
    TimeProvider time,
    StallReport report,
    ILogger<SchedulerWatchdog> logger) : IHostedService, IDisposable
{
    private readonly StallChecker _checker = new(options.Value.StallThreshold);
    private readonly ManualResetEventSlim _stopping = new();
    private readonly object _gate = new();
    private Thread? _thread;

    /// <summary>The parts stalled now, with the stamp they are stuck on.</summary>
    public IReadOnlyList<ProgressSnapshot> Stalled
    {
        get { lock (_gate) { return _checker.Stalled; } }
    }

    public TimeSpan Threshold => _checker.Threshold;

    public bool Enabled => options.Value.Enabled;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Enabled)
        {
            report.Observe(() => Stalled.Count);
            _thread = new Thread(Watch) { IsBackground = true, Name = "Kairos watchdog" };
            _thread.Start();
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
        return Task.CompletedTask;
    }

    /// <summary>Stops the thread (a host disposed without being stopped); the event is left to the collector, which is safe for a thread still waking.</summary>
    public void Dispose()
    {
        _stopping.Set();
        _thread?.Join(TimeSpan.FromSeconds(5));
    }

    /// <summary>One check now (the thread's body calls it; tests too).</summary>
    public void CheckNow()
    {
        IReadOnlyList<StallChange> changes;
        lock (_gate)
        {
            changes = _checker.Check(progress.All.Select(s => s.Current), time.GetUtcNow());
        }
        foreach (var change in changes)
        {
            report.Report(change, Threshold);
        }
    }

    private void Watch()
    {
        var period = TimeSpan.FromTicks(Math.Max(TimeSpan.FromMilliseconds(250).Ticks, Threshold.Ticks / 4));
        // A wait on the thread's own event, not a timer: timers run on the thread pool this watches.
        while (!_stopping.Wait(period))
        {
            try
            {
                CheckNow();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogCheckFailed(logger, e);
            }
        }
    }

    [LoggerMessage(EventId = 1072, Level = LogLevel.Warning, Message = "Watchdog check failed")]
    private static partial void LogCheckFailed(ILogger logger, Exception error);
}
