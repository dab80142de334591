using Kairos.Host.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>
/// This node's job slots as the scheduler starts: the thread pool's minimum raised so every slot can block a thread,
/// and the line that names the node and its slots. Logs as the <see cref="SchedulerService"/> (events 410, 413).
/// </summary>
internal sealed partial class NodeSlots(IOptions<KairosOptions> options, ILogger<SchedulerService> logger)
{
    /// <summary>Threads kept beyond the job slots for the host's own work.</summary>
    internal const int ReservedThreads = 16;

    private readonly KairosOptions _options = options.Value;

    /// <summary>
    /// Raises the thread pool's minimum so that every slot can block a thread (a job doing synchronous I/O, or one
    /// that hangs) and the loop, the outcome writer and the store's synchronous calls still get one at once. The pool
    /// otherwise starts with one thread per core and adds about one a second when starved: fires then start late by
    /// as much, all together.
    /// </summary>
    public void ReserveThreads()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        var wanted = _options.EffectiveMaxConcurrency + ReservedThreads;
        if (workers < wanted)
        {
            ThreadPool.SetMinThreads(wanted, io);
            LogThreads(logger, workers, wanted);
        }
    }

    /// <summary>Logs the node and its slots (the scheduler is starting).</summary>
    public void LogStarting() => LogStarting(logger, _options.EffectiveNodeId, _options.EffectiveMaxConcurrency);

    [LoggerMessage(EventId = 410, Level = LogLevel.Information, Message = "Scheduler starting on node {Node} with {MaxConcurrency} slots")]
    private static partial void LogStarting(ILogger logger, string node, int maxConcurrency);

    [LoggerMessage(EventId = 413, Level = LogLevel.Debug, Message = "Thread pool minimum raised from {From} to {To} threads (job slots plus the host's own)")]
    private static partial void LogThreads(ILogger logger, int from, int to);
}
