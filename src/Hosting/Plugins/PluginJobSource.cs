using Kairos.Host.Hosting;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

using PluginFolder = FolderSource<PluginEntry, LoadedPlugin, PluginCandidate, PluginLoadResult>;

/// <summary>
/// The plugins folder as a job source. <see cref="StartAsync"/> loads what is there and publishes it before it
/// returns; then the watch of its <see cref="ConfiguredFolder"/> scans the folder again after each (debounced) change it notices, and every
/// poll interval in case the watcher missed one. Nothing a plugin does makes this service throw.
/// </summary>
internal sealed class PluginJobSource(
    PluginFolder plugins,
    [FromKeyedServices(PluginJobSource.FolderKey)] ConfiguredFolder folder,
    IOptions<KairosOptions> options,
    ILogger<PluginJobSource> logger) : IHostedService, IConfiguredFolderOwner, IDisposable
{
    /// <summary>The key of this source's <see cref="ConfiguredFolder"/> (<c>Kairos:PluginsPath</c>) among the services.</summary>
    public const string FolderKey = "plugins";

    /// <summary>The full path of the watched folder; null when plugins are disabled or the folder was refused.</summary>
    public string? Folder => folder.FullPath;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (folder.Open(this) is not { } path)
        {
            return Task.CompletedTask;
        }
        PluginLog.Watching(logger, path);
        ScanNow();
        folder.StartWatching();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts loading the plugins folder's plugins on the thread pool, ahead of <see cref="StartAsync"/> (which
    /// publishes them). <c>kairos run</c> calls it as soon as the host is built, so the loads overlap the store's
    /// opening; a folder that is missing or cannot be used is left for <see cref="StartAsync"/> to create or report.
    /// The task completes when the loads are done (nothing needs to wait for it).
    /// </summary>
    public Task Preload() => folder.Existing() is { } path ? plugins.Preload(path) : Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await folder.StopAsync(cancellationToken).ConfigureAwait(false);
        // Lets runs drain for the shutdown grace, then disposes and unloads every plugin.
        await plugins.RetireAllAsync(options.Value.ShutdownGrace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scans the folder now, on the caller's thread (serialized with the watch loop's scans).</summary>
    public void ScanNow()
    {
        if (Folder is not { } path)
        {
            return;
        }
        try
        {
            plugins.Scan(path);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never out of the source: the next change or poll tries again.
            PluginLog.ScanFailed(logger, e, path);
        }
    }

    /// <summary>Completes when the retirements started so far (drain, unload, collection check) are over.</summary>
    public Task WhenIdleAsync() => plugins.WhenIdleAsync();

    void IConfiguredFolderOwner.Disabled() => PluginLog.Disabled(logger);

    void IConfiguredFolderOwner.Created(string path)
    {
        // Not reported: an empty plugins folder is the usual first start.
    }

    void IConfiguredFolderOwner.CannotCreate(string path, string error) => PluginLog.FolderUnusable(logger, path, error);

    void IConfiguredFolderOwner.Refused(string path, string reason) => PluginLog.UnsafeFolder(logger, path, reason);

    void IWatchedFolder.Scan(CancellationToken stopping) => ScanNow();

    void IWatchedFolder.ScanFailed(Exception exception) => PluginLog.ScanFailed(logger, exception, Folder!);

    void IWatchedFolder.CannotWatch(string reason) => PluginLog.WatcherFailed(logger, Folder!, reason, folder.Timing.PollInterval);

    void IWatchedFolder.LostEvents(string reason) => PluginLog.WatcherFailed(logger, Folder!, reason, folder.Timing.PollInterval);

    public void Dispose()
    {
        plugins.DiscardPreload();
        folder.Dispose();
    }
}
