using System.Runtime.CompilerServices;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

/// <summary>
/// Retires a plugin version that was replaced or removed (DESIGN.md §3, steps 3-4): waits for its in-flight runs to
/// finish, cancels them after the drain grace, disposes the plugin's services, unloads its context and checks, off the
/// scheduler's path, that the context was collected, logging a leak with the plugin's name when it was not.
/// </summary>
internal sealed class PluginRetirer(
    PluginRegistry registry,
    IOptions<KairosOptions> options,
    IOptions<PluginWatchOptions> watchOptions,
    TimeProvider timeProvider,
    ILogger<PluginRetirer> logger)
{
    /// <param name="plugin">The version to retire; its jobs are no longer in the catalog.</param>
    /// <param name="drainGrace">How long runs may go on before they are cancelled.</param>
    /// <param name="verify">Whether to check collection (not on shutdown).</param>
    /// <param name="stopping">Cut the waits short (host shutdown).</param>
    public async Task RetireAsync(LoadedPlugin plugin, TimeSpan drainGrace, bool verify, CancellationToken stopping)
    {
        var info = Describe(plugin, PluginState.Unloading, collected: null, unloadedAt: null);
        registry.SetRetired(info);
        await DrainAsync(plugin, drainGrace, stopping).ConfigureAwait(false);

        var weak = ReleaseAndUnload(plugin);
        var collected = (bool?)null;
        var rounds = watchOptions.Value.UnloadCheckRounds;
        if (verify)
        {
            collected = await PluginUnloadVerifier.WaitCollectedAsync(weak, rounds, watchOptions.Value.UnloadCheckPause, timeProvider, stopping)
                .ConfigureAwait(false);
        }
        registry.SetRetired(info with { State = PluginState.Unloaded, Collected = collected, UnloadedAtUtc = timeProvider.GetUtcNow() });
        if (collected != false)
        {
            PluginShadowCopy.Delete(plugin.ShadowFolder);
        }
        // Logged once the registry shows the version unloaded (and its copy is gone), so a reader of the log sees the state it reports.
        if (collected == true)
        {
            PluginLog.Collected(logger, plugin.Name, plugin.Version);
        }
        else if (collected == false)
        {
            PluginLog.Leaked(logger, plugin.Name, plugin.Version, rounds);
        }
    }

    /// <summary>
    /// Unloads a version that was loaded but never published (a preload its plugin changed after), checks that it was
    /// collected and deletes its copy. It never ran, so it is not listed among the retired versions.
    /// </summary>
    public async Task DiscardAsync(LoadedPlugin plugin, CancellationToken stopping)
    {
        PluginLog.PreloadDiscarded(logger, plugin.Name, plugin.Version, "its files changed before the first scan");
        var weak = ReleaseAndUnload(plugin);
        if (await PluginUnloadVerifier.WaitCollectedAsync(weak, watchOptions.Value.UnloadCheckRounds, watchOptions.Value.UnloadCheckPause, timeProvider, stopping)
            .ConfigureAwait(false))
        {
            PluginShadowCopy.Delete(plugin.ShadowFolder);
        }
        else
        {
            PluginLog.Leaked(logger, plugin.Name, plugin.Version, watchOptions.Value.UnloadCheckRounds);
        }
    }

    /// <summary>
    /// Unloads a version loaded ahead of a first scan that never came (the host stopped, or failed to start, before
    /// it), and deletes its copy; nothing waits for its collection.
    /// </summary>
    public void DiscardNow(LoadedPlugin plugin)
    {
        PluginLog.PreloadDiscarded(logger, plugin.Name, plugin.Version, "the host stopped before the first scan");
        ReleaseAndUnload(plugin);
        PluginShadowCopy.Delete(plugin.ShadowFolder);
    }

    /// <summary>Checks that the context of a failed load, unloaded at once, was collected.</summary>
    public async Task VerifyDiscardedAsync(string pluginName, WeakReference context, CancellationToken stopping)
    {
        var collected = await PluginUnloadVerifier.WaitCollectedAsync(
            context, watchOptions.Value.UnloadCheckRounds, watchOptions.Value.UnloadCheckPause, timeProvider, stopping).ConfigureAwait(false);
        if (collected)
        {
            PluginLog.DiscardedCollected(logger, pluginName, collected);
        }
        else
        {
            PluginLog.Leaked(logger, pluginName, "(failed load)", watchOptions.Value.UnloadCheckRounds);
        }
    }

    private async Task DrainAsync(LoadedPlugin plugin, TimeSpan drainGrace, CancellationToken stopping)
    {
        var drained = Task.WhenAll(plugin.Handlers.Select(h => h.WhenDrained()));
        if (await CompletesWithin(drained, drainGrace, stopping).ConfigureAwait(false))
        {
            return;
        }
        PluginLog.DrainTimedOut(logger, plugin.Name, plugin.Version, drainGrace);
        foreach (var handler in plugin.Handlers)
        {
            handler.CancelInFlight();
        }
        var cancellationGrace = options.Value.CancellationGrace;
        if (!await CompletesWithin(drained, cancellationGrace, CancellationToken.None).ConfigureAwait(false))
        {
            PluginLog.RunsIgnoreCancellation(logger, plugin.Name, plugin.Version, cancellationGrace);
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

    /// <summary>Kept out of the async method so no reference to the context or the services survives in its state.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private WeakReference ReleaseAndUnload(LoadedPlugin plugin)
    {
        var (services, context) = plugin.Release();
        if (!PluginServices.TryDispose(services, out var error))
        {
            PluginLog.DisposeFailed(logger, plugin.Name, plugin.Version, $"{error!.GetType().Name}: {error.Message}");
        }
        return context!.Unload();
    }

    public static PluginInfo Describe(LoadedPlugin plugin, PluginState state, bool? collected, DateTimeOffset? unloadedAt) =>
        new(plugin.Name, plugin.Source, plugin.DisplayPath, state, plugin.Version, plugin.LoadedAtUtc,
            [.. plugin.Handlers.Select(h => h.Definition.Id)],
            plugin.Problems.Count > 0 ? string.Join("; ", plugin.Problems.Select(p => p.Message)) : null,
            unloadedAt, collected);
}
