using Kairos.Host.Execution;
using Kairos.Host.Scheduling.Reconciling;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// The scheduler's life in the host: at start it reserves threads for the job slots (<see cref="NodeSlots"/>), recovers
/// the runs the last hosts left, reconciles the catalog and starts the loop (<see cref="SchedulerLoop"/>); at stop it
/// ends the loop and the dispatcher drains and gives back what this node holds (<see cref="DispatcherShutdown"/>); a
/// process that exits without stopping has its runs in flight recorded.
/// </summary>
internal sealed class SchedulerService(
    SchedulerLoop loop,
    CatalogFollower catalog,
    DispatcherShutdown dispatcher,
    NodeSlots slots,
    IOptions<SchedulerModeOptions> mode) : IHostedLifecycleService, IDisposable
{
    private readonly bool _loop = mode.Value.Loop;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated
    {
        add => loop.Iterated += value;
        remove => loop.Iterated -= value;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        slots.ReserveThreads();
        if (_loop)
        {
            loop.Prepare();
        }
        catalog.Start();
        slots.LogStarting();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (_loop)
        {
            loop.Start();
        }
        // Environment.Exit (from a job allowed to call it) ends the process without stopping the host: its handlers
        // of ProcessExit are the last code that runs, and record the runs in flight. A graceful stop removes it.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
        return Task.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => dispatcher.RecordProcessExit();

    public async Task StoppingAsync(CancellationToken cancellationToken)
    {
        await loop.StopAsync().ConfigureAwait(false);
        await dispatcher.ShutdownAsync().ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        catalog.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
}
