using System.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Scripts.Cache;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Trust;
using Kairos.Host.Sources.Watching;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scripts;

using ScriptFolder = FolderSource<ScriptEntry, ScriptJobHandler, string, ScriptBuild>;

/// <summary>
/// The script folder as a job source. Start-up scans the folder and publishes every script (compiled in parallel
/// or taken from the cache) before <see cref="StartAsync"/> returns; then its <see cref="FolderWatch"/> rescans after
/// debounced file events or polls, on one loop, so compiles never run on the scheduler's path and never overlap.
/// </summary>
internal sealed class ScriptJobSource(
    IOptions<KairosOptions> kairos,
    IOptions<ScriptSourceOptions> options,
    ScriptFolder scripts,
    ScriptCompiler compiler,
    ScriptCache cache,
    ScriptStatusBoard board,
    TimeProvider time,
    ILogger<ScriptJobSource> logger) : IHostedService, IWatchedFolder, IAsyncDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private FolderWatch? _watch;
    private Task? _warmUp;
    private bool _disposed;

    /// <summary>The full path of the watched folder, or <see langword="null"/> when scripts are disabled or refused.</summary>
    public string? Folder { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (PrepareFolder() is not { } root)
        {
            return;
        }
        Folder = root;
        board.Configure(true, root, cache.Directory, null);
        var started = Stopwatch.GetTimestamp();
        await Task.Run(() => scripts.Scan(root, cancellationToken), cancellationToken).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        board.Counters.InitialScan(elapsed);
        var snapshot = board.Snapshot();
        var jobs = snapshot.Scripts.Count(s => s.State != ScriptState.Library);
        var broken = snapshot.Scripts.Count(s => s.State == ScriptState.Broken);
        ScriptLog.InitialScan(logger, root, jobs, broken, snapshot.Counters.Compiles, snapshot.Counters.CacheHits, elapsed.TotalMilliseconds);
        if (snapshot.Counters.Compiles == 0 && options.Value.WarmUp)
        {
            _warmUp = Task.Run(() => WarmUpLaterAsync(root, _stopping.Token), CancellationToken.None);
        }
        _watch = new FolderWatch(root, this, options.Value, time);
        _watch.Start();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }
        scripts.StopWaiting();
        if (_watch is { } watch)
        {
            await watch.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Starts building the script folder's job scripts on the thread pool, ahead of <see cref="StartAsync"/> (whose
    /// first scan publishes them). <c>kairos run</c> calls it as soon as the host is built, so compiles and cache loads
    /// overlap the store's opening; a folder that is missing or refused is left for <see cref="StartAsync"/> to report.
    /// The task completes when the builds are done (nothing needs to wait for it).
    /// </summary>
    public Task Preload()
    {
        var configured = kairos.Value.ScriptsPath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            return Task.CompletedTask;
        }
        var root = Path.GetFullPath(configured);
        return Directory.Exists(root) && CodeTrust.Refusal(root, "script") is null ? scripts.Preload(root, _stopping.Token) : Task.CompletedTask;
    }

    /// <summary>Rescans now, without debounce, and completes when the scan is done (tests and the CLI use it).</summary>
    public Task RescanAsync() =>
        _watch?.RescanAsync() ?? Task.FromException(new InvalidOperationException("the script source is not running"));

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
        if (_warmUp is { } warmUp)
        {
            await warmUp.ConfigureAwait(false);
        }
        // Unloads every version without draining (the host is being disposed), and a preload no scan took.
        scripts.DiscardPreload();
        foreach (var handler in scripts.TakeAll())
        {
            handler.Detach()?.Unload();
        }
        _watch?.Dispose();
        _stopping.Dispose();
    }

    private string? PrepareFolder()
    {
        var configured = kairos.Value.ScriptsPath;
        if (string.IsNullOrWhiteSpace(configured))
        {
            ScriptLog.Disabled(logger);
            board.Configure(false, null, null, "Kairos:ScriptsPath is empty");
            return null;
        }
        var root = Path.GetFullPath(configured);
        try
        {
            if (!Directory.Exists(root))
            {
                Directory.CreateDirectory(root);
                ScriptLog.FolderCreated(logger, root);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Refuse(root, $"cannot create '{root}': {e.Message}");
        }
        return CodeTrust.Refusal(root, "script") is { } refusal ? Refuse(root, refusal) : root;
    }

    private string? Refuse(string root, string reason)
    {
        ScriptLog.FolderRefused(logger, reason);
        board.Configure(false, root, cache.Directory, reason);
        return null;
    }

    void IWatchedFolder.Scan(CancellationToken stopping) => scripts.Scan(Folder!, stopping);

    void IWatchedFolder.ScanFailed(Exception exception) => ScriptLog.ScanFailed(logger, exception, Folder!);

    void IWatchedFolder.CannotWatch(string reason) => ScriptLog.WatcherFailed(logger, Folder!, reason, options.Value.PollInterval.TotalSeconds);

    void IWatchedFolder.LostEvents(string reason) => ScriptLog.WatcherError(logger, Folder!, reason);

    /// <summary>Warms up after <see cref="ScriptSourceOptions.WarmUpDelay"/>, so that it does not compete with the first fires.</summary>
    private async Task WarmUpLaterAsync(string root, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(options.Value.WarmUpDelay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        WarmUp(root);
    }

    private void WarmUp(string root)
    {
        try
        {
            var elapsed = compiler.WarmUp(root);
            ScriptLog.WarmedUp(logger, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only an optimisation: the first real compile pays the cold start instead.
            ScriptLog.WarmUpFailed(logger, e.Message);
        }
    }
}
