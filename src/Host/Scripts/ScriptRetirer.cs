using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scripts;

/// <summary>
/// Retires a replaced script version (DESIGN.md §3, steps 3–4) in the background: waits for its in-flight runs
/// (cancelling them after <c>DrainGrace</c>), unloads its context, then checks with a <see cref="WeakReference"/>
/// that the context was really collected, logging a leak if not.
/// </summary>
internal sealed class ScriptRetirer(
    IOptions<KairosOptions> options,
    TimeProvider time,
    ScriptStatusBoard board,
    ILogger<ScriptRetirer> logger) : IDisposable
{
    private const int CollectRounds = 10;

    // The last run's task and exception (whose stack trace pins the script's code) may outlive the drain by a moment
    // in the dispatcher, so a context still alive right after unload is checked again before it is called a leak.
    private static readonly TimeSpan[] Rechecks = [TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(2)];
    private readonly ConcurrentDictionary<Task, bool> _pending = new();
    private readonly CancellationTokenSource _stopping = new();

    public void Retire(ScriptJobHandler handler)
    {
        CancellationToken stopping;
        try
        {
            stopping = _stopping.Token;
        }
        catch (ObjectDisposedException)
        {
            stopping = new CancellationToken(canceled: true);
        }
        var task = Task.Run(() => RetireAsync(handler, stopping));
        _pending[task] = true;
        _ = task.ContinueWith(t => _pending.TryRemove(t, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Completes when every retirement started so far has finished (drained, unloaded and checked).</summary>
    public Task WhenIdleAsync() => Task.WhenAll(_pending.Keys);

    /// <summary>Stops waiting for drains (shutdown); contexts are still unloaded.</summary>
    public void StopWaiting()
    {
        try
        {
            _stopping.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already disposed with the container.
        }
    }

    public void Dispose()
    {
        _stopping.Cancel();
        _stopping.Dispose();
    }

    private async Task RetireAsync(ScriptJobHandler handler, CancellationToken stopping)
    {
        await DrainAsync(handler, stopping).ConfigureAwait(false);
        if (handler.Detach() is not { } loaded)
        {
            return;
        }
        board.Counters.UnloadStarted();
        var context = loaded.Unload();
        var collected = WaitForCollection(context);
        for (var i = 0; i < Rechecks.Length && !collected && !stopping.IsCancellationRequested; i++)
        {
            await DelayAsync(Rechecks[i], stopping).ConfigureAwait(false);
            collected = WaitForCollection(context);
        }
        board.Counters.UnloadVerified(collected);
        if (collected)
        {
            ScriptLog.Collected(logger, handler.Definition.Id, handler.Version);
        }
        else
        {
            ScriptLog.Leaked(logger, handler.Definition.Id, handler.Version, handler.InFlight);
        }
        board.Touch();
    }

    private async Task DrainAsync(ScriptJobHandler handler, CancellationToken stopping)
    {
        var drained = handler.WhenDrained();
        if (drained.IsCompleted)
        {
            return;
        }
        try
        {
            if (await Task.WhenAny(drained, Task.Delay(options.Value.DrainGrace, time, stopping)).ConfigureAwait(false) == drained
                || stopping.IsCancellationRequested)
            {
                // Drained, or the host is stopping and its own shutdown grace governs the runs still going.
                return;
            }
            ScriptLog.DrainTimedOut(logger, handler.Definition.Id, handler.Version, handler.InFlight);
            handler.CancelInFlight();
            await Task.WhenAny(drained, Task.Delay(options.Value.CancellationGrace, time, stopping)).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // Shutting down: unload without waiting further.
        }
    }

    private async Task DelayAsync(TimeSpan delay, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(delay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down: check once more and report.
        }
    }

    /// <summary>Full blocking collections until the context is gone (usually one or two rounds).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool WaitForCollection(WeakReference context)
    {
        for (var round = 0; round < CollectRounds && context.IsAlive; round++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: false);
            GC.WaitForPendingFinalizers();
        }
        return !context.IsAlive;
    }
}
