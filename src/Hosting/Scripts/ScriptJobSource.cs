using System.Diagnostics;
using Kairos.Host.Scripts.Build;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

using ScriptFolder = FolderSource<ScriptEntry, ScriptJobHandler, string, ScriptBuild>;

/// <summary>
/// The script folder as a job source. Start-up scans the folder and publishes every script (compiled in parallel
/// or taken from the cache) before <see cref="StartAsync"/> returns; then the watch of its <see cref="ConfiguredFolder"/>
/// rescans after debounced file events or polls, on one loop, so compiles never run on the scheduler's path and never
/// overlap.
/// </summary>
internal sealed class ScriptJobSource(
    ScriptFolder scripts,
    [FromKeyedServices(ScriptJobSource.FolderKey)] ConfiguredFolder folder,
    ScriptWarmUp warmUp,
    ScriptStatusBoard board,
    ILogger<ScriptJobSource> logger) : IHostedService, IConfiguredFolderOwner, IAsyncDisposable
{
    /// <summary>The key of this source's <see cref="ConfiguredFolder"/> (<c>Kairos:ScriptsPath</c>) among the services.</summary>
    public const string FolderKey = "scripts";

    private readonly CancellationTokenSource _stopping = new();
    private bool _disposed;

    /// <summary>The full path of the watched folder, or <see langword="null"/> when scripts are disabled or refused.</summary>
    public string? Folder => folder.FullPath;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (folder.Open(this) is not { } root)
        {
            return;
        }
        board.Configure(true, root, null);
        var started = Stopwatch.GetTimestamp();
        await Task.Run(() => scripts.Scan(root, cancellationToken), cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        board.Counters.InitialScan(elapsed);
        var snapshot = board.Snapshot();
        var jobs = snapshot.Scripts.Count(s => s.State != ScriptState.Library);
        var broken = snapshot.Scripts.Count(s => s.State == ScriptState.Broken);
        ScriptLog.InitialScan(logger, root, jobs, broken, snapshot.Counters.Compiles, snapshot.Counters.CacheHits, elapsed.TotalMilliseconds);
        warmUp.StartIfCold(root, snapshot.Counters.Compiles, _stopping.Token);
        folder.StartWatching();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        scripts.StopWaiting();
        await folder.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts building the script folder's job scripts on the thread pool, ahead of <see cref="StartAsync"/> (whose
    /// first scan publishes them). <c>kairos run</c> calls it as soon as the host is built, so compiles and cache loads
    /// overlap the store's opening; a folder that is missing or refused is left for <see cref="StartAsync"/> to report.
    /// The task completes when the builds are done (nothing needs to wait for it).
    /// </summary>
    public Task Preload() => folder.Existing() is { } root ? scripts.Preload(root, _stopping.Token) : Task.CompletedTask;

    /// <summary>Rescans now, without debounce, and completes when the scan is done (tests and the CLI use it).</summary>
    public Task RescanAsync() =>
        folder.RescanAsync() ?? Task.FromException(new InvalidOperationException("the script source is not running"));

    /// <summary>Completes when every replaced version has been drained, unloaded and checked.</summary>
    public Task WhenIdleAsync() => scripts.WhenIdleAsync();

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        await StopAsync(CancellationToken.None).ConfigureAwait(false);
        await warmUp.WhenDoneAsync().ConfigureAwait(false);
        // Unloads every version without draining (the host is being disposed), and a preload no scan took.
        scripts.DiscardPreload();
        foreach (var handler in scripts.TakeAll())
        {
            handler.Detach()?.Unload();
        }
        folder.Dispose();
        _stopping.Dispose();
    }

    void IConfiguredFolderOwner.Disabled()
    {
        ScriptLog.Disabled(logger);
        board.Configure(false, null, "Kairos:ScriptsPath is empty");
    }

    void IConfiguredFolderOwner.Created(string path) => ScriptLog.FolderCreated(logger, path);

    void IConfiguredFolderOwner.CannotCreate(string path, string error) => Refuse(path, $"cannot create '{path}': {error}");

    void IConfiguredFolderOwner.Refused(string path, string reason) => Refuse(path, reason);

    private void Refuse(string path, string reason)
    {
        ScriptLog.FolderRefused(logger, reason);
        board.Configure(false, path, reason);
    }

    void IWatchedFolder.Scan(CancellationToken stopping) => scripts.Scan(Folder!, stopping);

    void IWatchedFolder.ScanFailed(Exception exception) => ScriptLog.ScanFailed(logger, exception, Folder!);

    void IWatchedFolder.CannotWatch(string reason) => ScriptLog.WatcherFailed(logger, Folder!, reason, folder.Timing.PollInterval.TotalSeconds);

    void IWatchedFolder.LostEvents(string reason) => ScriptLog.WatcherError(logger, Folder!, reason);
}
