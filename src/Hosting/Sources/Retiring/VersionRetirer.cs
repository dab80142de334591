using Kairos.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Sources.Retiring;

/// <summary>
/// Retires the versions of one kind of source in the background (DESIGN.md §3, steps 3-4): waits for their in-flight
/// runs, cancels them after the drain grace, unloads the version and checks with <see cref="UnloadVerifier"/>, off the
/// scheduler's and the scan's path, that its context was collected. What differs between plugins and scripts (what a
/// version owns, what is logged) is the <see cref="IVersionRetirement{TVersion}"/>. <paramref name="leaked"/> is told of
/// each context found still alive after the checks (the leak metric).
/// </summary>
internal sealed class VersionRetirer<TVersion>(
    IVersionRetirement<TVersion> steps,
    IOptions<KairosOptions> options,
    SourceOptions timing,
    TimeProvider timeProvider,
    Action? leaked = null) : IDisposable
{
    private readonly Lock _gate = new();
    private readonly List<Task> _background = [];
    private readonly CancellationTokenSource _stopping = new();

    /// <summary>How many collections an unloaded context gets before it is called a leak.</summary>
    public int UnloadCheckRounds => timing.UnloadCheckRounds;

    /// <summary>Hands a replaced or removed version over, with the drain grace of <see cref="KairosOptions.DrainGrace"/>; its collection is checked.</summary>
    public void Retire(TVersion version) => Retire(version, options.Value.DrainGrace, verify: true);

    /// <summary>Hands a replaced or removed version over; its jobs must no longer be in the catalog.</summary>
    /// <param name="version">The version to retire.</param>
    /// <param name="drainGrace">How long its runs may go on before they are cancelled.</param>
    /// <param name="verify">Whether to check that its context was collected (not on shutdown).</param>
    public void Retire(TVersion version, TimeSpan drainGrace, bool verify)
    {
        steps.Started(version);
        var stopping = StoppingToken();
        Track(Task.Run(() => RetireAsync(version, drainGrace, verify, stopping), CancellationToken.None));
    }

    /// <summary>Unloads a version that was loaded but never published (nothing of it ran), now; checks its collection in the background when <paramref name="verify"/>.</summary>
    public void Discard(TVersion version, bool verify)
    {
        if (steps.Unload(version) is not { } context)
        {
            return;
        }
        if (!verify)
        {
            steps.Discarded(version, collected: null);
            return;
        }
        Verify(context, collected => steps.Discarded(version, collected));
    }

    /// <summary>Checks in the background that a context unloaded elsewhere (a failed load's) was collected.</summary>
    public void Verify(WeakReference context, Action<bool> report)
    {
        var stopping = StoppingToken();
        Track(VerifyAsync(context, report, stopping));
    }

    /// <summary>Completes when every retirement and check started so far is over.</summary>
    public Task WhenIdleAsync()
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            return Task.WhenAll([.. _background]);
        }
    }

    /// <summary>Stops waiting (host shutdown): drains are cut short and versions unloaded without waiting further for collection.</summary>
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
        StopWaiting();
        _stopping.Dispose();
    }

    private async Task RetireAsync(TVersion version, TimeSpan drainGrace, bool verify, CancellationToken stopping)
    {
        await DrainAsync(version, drainGrace, stopping).ConfigureAwait(false);
        if (steps.Unload(version) is not { } context)
        {
            return;
        }
        bool? collected = verify ? await WaitCollectedAsync(context, stopping).ConfigureAwait(false) : null;
        steps.Retired(version, collected);
    }

    private async Task VerifyAsync(WeakReference context, Action<bool> report, CancellationToken stopping) =>
        report(await WaitCollectedAsync(context, stopping).ConfigureAwait(false));

    private async Task<bool> WaitCollectedAsync(WeakReference context, CancellationToken stopping)
    {
        var collected = await UnloadVerifier.WaitCollectedAsync(context, timing.UnloadCheckRounds, timing.UnloadCheckPause, timeProvider, stopping)
            .ConfigureAwait(false);
        if (!collected)
        {
            leaked?.Invoke();
        }
        return collected;
    }

    private async Task DrainAsync(TVersion version, TimeSpan drainGrace, CancellationToken stopping)
    {
        var handlers = steps.Handlers(version);
        var drained = Task.WhenAll(handlers.Select(h => h.WhenDrained()));
        if (await CompletesWithin(drained, drainGrace, stopping).ConfigureAwait(false))
        {
            return;
        }
        steps.DrainTimedOut(version, drainGrace);
        foreach (var handler in handlers)
        {
            handler.CancelInFlight();
        }
        var cancellationGrace = options.Value.CancellationGrace;
        if (!await CompletesWithin(drained, cancellationGrace, CancellationToken.None).ConfigureAwait(false))
        {
            steps.RunsIgnoreCancellation(version, cancellationGrace);
        }
    }

    private async Task<bool> CompletesWithin(Task task, TimeSpan grace, CancellationToken cancellationToken)
    {
        if (task.IsCompleted)
        {
            return true;
        }
        try
        {
            await task.WaitAsync(grace, timeProvider, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            return task.IsCompleted;
        }
    }

    private CancellationToken StoppingToken()
    {
        try
        {
            return _stopping.Token;
        }
        catch (ObjectDisposedException)
        {
            return new CancellationToken(canceled: true);
        }
    }

    private void Track(Task task)
    {
        lock (_gate)
        {
            _background.RemoveAll(t => t.IsCompleted);
            _background.Add(task);
        }
    }
}
