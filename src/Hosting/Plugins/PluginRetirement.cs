using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Sources.Retiring;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

/// <summary>
/// What retiring a plugin version means (the steps <see cref="VersionRetirer{TVersion}"/> runs): its runs are those of
/// all its jobs; unloading disposes the plugin's services before its context; the board shows it unloading, then
/// unloaded with whether it was collected; its shadow copy is deleted unless it leaked.
/// </summary>
internal sealed class PluginRetirement(
    PluginStatusBoard board,
    IOptions<PluginSourceOptions> watchOptions,
    TimeProvider timeProvider,
    ILogger<PluginRetirement> logger) : IVersionRetirement<LoadedPlugin>
{
    public IReadOnlyList<JobHandler> Handlers(LoadedPlugin plugin) => plugin.Handlers;

    public void Started(LoadedPlugin plugin) => board.SetRetired(PluginInfo.Of(plugin, PluginState.Unloading));

    public void DrainTimedOut(LoadedPlugin plugin, TimeSpan grace) => PluginLog.DrainTimedOut(logger, plugin.Name, plugin.Version, grace);

    public void RunsIgnoreCancellation(LoadedPlugin plugin, TimeSpan grace) =>
        PluginLog.RunsIgnoreCancellation(logger, plugin.Name, plugin.Version, grace);

    /// <summary>Kept apart from the async retirement so no reference to the context or the services survives in its state.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public WeakReference? Unload(LoadedPlugin plugin)
    {
        var (services, context) = plugin.Release();
        if (context is null)
        {
            return null;
        }
        if (!PluginServices.TryDispose(services, out var error))
        {
            PluginLog.DisposeFailed(logger, plugin.Name, plugin.Version, $"{error!.GetType().Name}: {error.Message}");
        }
        return context.Unload();
    }

    public void Retired(LoadedPlugin plugin, bool? collected)
    {
        board.SetRetired(PluginInfo.Of(plugin, PluginState.Unloaded, collected, timeProvider.GetUtcNow()));
        Discarded(plugin, collected);
        // Logged once the board shows the version unloaded (and its copy is gone), so a reader of the log sees the state it reports.
        if (collected == true)
        {
            PluginLog.Collected(logger, plugin.Name, plugin.Version);
        }
    }

    /// <summary>Deletes the version's copy unless its context leaked (a file of it may still be open), and reports a leak.</summary>
    public void Discarded(LoadedPlugin plugin, bool? collected)
    {
        if (collected != false)
        {
            PluginShadowCopy.Delete(plugin.ShadowFolder);
        }
        else
        {
            PluginLog.Leaked(logger, plugin.Name, plugin.Version, watchOptions.Value.UnloadCheckRounds);
        }
    }
}
