using Kairos.Host.Hosting;
using Kairos.Host.Sources;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

/// <summary>
/// The plugins folder as a job source. <see cref="StartAsync"/> loads what is there and publishes it before it
/// returns; then a background loop scans the folder again after each (debounced) change our watcher notices, and every
/// poll interval in case the watcher missed one. Nothing a plugin does makes this service throw.
/// </summary>
internal sealed class PluginJobSource(
    PluginSet plugins,
    IOptions<KairosOptions> options,
    IOptions<PluginWatchOptions> watchOptions,
    TimeProvider timeProvider,
    ILogger<PluginJobSource> logger) : IHostedService, IDisposable
{
    private readonly AsyncSignal _changed = new();
    private readonly CancellationTokenSource _stop = new();
    private PluginFolderWatcher? _watcher;
    private Task _loop = Task.CompletedTask;

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
        try
        {
            _watcher = new PluginFolderWatcher(folder, _changed,
                error => PluginLog.WatcherFailed(logger, folder, error, watchOptions.Value.PollInterval));
        }
        catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException)
        {
            PluginLog.WatcherFailed(logger, folder, e.Message, watchOptions.Value.PollInterval);
        }
        _loop = Task.Run(() => WatchLoopAsync(_stop.Token), CancellationToken.None);
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
        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loop.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutting down either way.
        }
        _watcher?.Dispose();
        _watcher = null;
        await plugins.StopAsync(cancellationToken).ConfigureAwait(false);
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

    private async Task WatchLoopAsync(CancellationToken stopping)
    {
        var watch = watchOptions.Value;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (await _changed.WaitAsync(watch.PollInterval, timeProvider, stopping).ConfigureAwait(false))
                {
                    await DebounceAsync(watch, stopping).ConfigureAwait(false);
                }
                ScanNow();
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>Waits until the folder has been quiet for the debounce time, but no longer than the maximum.</summary>
    private async Task DebounceAsync(PluginWatchOptions watch, CancellationToken stopping)
    {
        var started = timeProvider.GetTimestamp();
        while (timeProvider.GetElapsedTime(started) < watch.MaxDebounce
            && await _changed.WaitAsync(watch.Debounce, timeProvider, stopping).ConfigureAwait(false))
        {
        }
    }

    public void Dispose()
    {
        _watcher?.Dispose();
        _stop.Dispose();
    }
}
