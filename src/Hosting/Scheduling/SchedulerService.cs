using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling;

/// <summary>
/// The scheduler's life in the host: at start it recovers the runs the last hosts left, reconciles the catalog and
/// starts the loop (<see cref="SchedulerLoop"/>); at stop it ends the loop and the dispatcher drains and gives back
/// what this node holds; a process that exits without stopping has its runs in flight recorded.
/// </summary>
internal sealed partial class SchedulerService(
    SchedulerLoop loop,
    CatalogFollower catalog,
    Dispatcher dispatcher,
    IOptions<KairosOptions> options,
    ILogger<SchedulerService> logger,
    IOptions<SchedulerModeOptions> mode) : IHostedLifecycleService, IDisposable
{
    private readonly KairosOptions _options = options.Value;
    private readonly bool _loop = mode.Value.Loop;

    /// <summary>Completes each time the loop finishes an iteration; lets tests wait for the loop, not the clock.</summary>
    public event Action? Iterated
    {
        add => loop.Iterated += value;
        remove => loop.Iterated -= value;
    }

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        ReserveThreads();
        if (_loop)
        {
            loop.Prepare();
        }
        catalog.Start();
        LogStarting(logger, _options.EffectiveNodeId, _options.EffectiveMaxConcurrency);
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
        await dispatcher.ShutdownAsync(_options.ShutdownGrace).ConfigureAwait(false);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        catalog.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose() => AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;

    /// <summary>
    /// Raises the thread pool's minimum so that every slot can block a thread (a job doing synchronous I/O, or one
    /// that hangs) and the loop, the outcome writer and the store's synchronous calls still get one at once. The pool
    /// otherwise starts with one thread per core and adds about one a second when starved: fires then start late by
    /// as much, all together.
    /// </summary>
    private void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = _options.EffectiveMaxConcurrency + ReservedThreads;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
            LogThreads(logger, workers, wanted);
        }
    }

    /// <summary>Threads kept beyond the job slots for the host's own work.</summary>
    internal const int ReservedThreads = 16;

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Scheduler starting on node {Node} with {MaxConcurrency} slots")]
    private static partial void LogStarting(ILogger logger, string node, int maxConcurrency);

    [LoggerMessage(EventId = 413, Level = LogLevel.Debug, Message = "Thread pool minimum raised from {From} to {To} threads (job slots plus the host's own)")]
    private static partial void LogThreads(ILogger logger, int from, int to);
}
