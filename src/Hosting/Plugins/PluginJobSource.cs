using Kairos.Host.Hosting;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Trust;
using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

using PluginFolder = FolderSource<PluginEntry, LoadedPlugin, PluginCandidate, PluginLoadResult>;

/// <summary>
/// The plugins folder as a job source. <see cref="StartAsync"/> loads what is there and publishes it before it
/// returns; then its <see cref="FolderWatch"/> scans the folder again after each (debounced) change it notices, and every
/// poll interval in case the watcher missed one. Nothing a plugin does makes this service throw.
/// </summary>
internal sealed class PluginJobSource(
    PluginFolder plugins,
    IOptions<KairosOptions> options,
    IOptions<PluginSourceOptions> watchOptions,
    TimeProvider timeProvider,
    ILogger<PluginJobSource> logger) : IHostedService, IWatchedFolder, IDisposable
{
    private FolderWatch? _watch;

    /// <summary>The full path of the watched folder; null when plugins are disabled or the folder was refused.</summary>
    public string? Folder { get; private set; }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (UsableFolder(log: true) is not { } folder)
        {
            return Task.CompletedTask;
        }
        Folder = folder;
        PluginLog.Watching(logger, folder);
        ScanNow();
        _watch = new FolderWatch(folder, this, watchOptions.Value, timeProvider);
        _watch.Start();
        return Task.CompletedTask;
    }

    /// <summary>
    /// Starts loading the plugins folder's plugins on the thread pool, ahead of <see cref="StartAsync"/> (which
    /// publishes them). <c>kairos run</c> calls it as soon as the host is built, so the loads overlap the store's
    /// opening; a folder that cannot be used is left for <see cref="StartAsync"/> to report. The task completes
    /// when the loads are done (nothing needs to wait for it).
    /// </summary>
    public Task Preload() => UsableFolder(log: false) is { } folder ? plugins.Preload(folder) : Task.CompletedTask;

    /// <summary>The full path of the plugins folder, created if missing; null when plugins are off or the folder is unusable.</summary>
    private string? UsableFolder(bool log)
    {
        if (string.IsNullOrWhiteSpace(options.Value.PluginsPath))
        {
            if (log)
            {
                PluginLog.Disabled(logger);
            }
            return null;
        }
        var folder = Path.GetFullPath(options.Value.PluginsPath);
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (log)
            {
                PluginLog.FolderUnusable(logger, folder, e.Message);
            }
            return null;
        }
        if (CodeTrust.Refusal(folder, PluginTrust.Kind) is { } refusal)
        {
            if (log)
            {
                PluginLog.UnsafeFolder(logger, folder, refusal);
            }
            return null;
        }
        return folder;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_watch is { } watch)
        {
            await watch.StopAsync(cancellationToken).ConfigureAwait(false);
        }
        // Lets runs drain for the shutdown grace, then disposes and unloads every plugin.
        await plugins.RetireAllAsync(options.Value.ShutdownGrace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Scans the folder now, on the caller's thread (serialized with the watch loop's scans).</summary>
    public void ScanNow()
    {
        if (Folder is null)
        {
            return;
        }
        try
        {
            plugins.Scan(Folder);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Never out of the source: the next change or poll tries again.
            PluginLog.ScanFailed(logger, e, Folder);
        }
    }

    /// <summary>Completes when the retirements started so far (drain, unload, collection check) are over.</summary>
    public Task WhenIdleAsync() => plugins.WhenIdleAsync();

    void IWatchedFolder.Scan(CancellationToken stopping) => ScanNow();

    void IWatchedFolder.ScanFailed(Exception exception) => PluginLog.ScanFailed(logger, exception, Folder!);

    void IWatchedFolder.CannotWatch(string reason) => PluginLog.WatcherFailed(logger, Folder!, reason, watchOptions.Value.PollInterval);

    void IWatchedFolder.LostEvents(string reason) => PluginLog.WatcherFailed(logger, Folder!, reason, watchOptions.Value.PollInterval);

    public void Dispose()
    {
        plugins.DiscardPreload();
        _watch?.Dispose();
    }
}
