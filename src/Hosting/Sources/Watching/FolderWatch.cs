namespace Kairos.Host.Sources.Watching;

/// <summary>
/// Our own watch of a source folder (McMaster's hot reload sees only <c>Changed</c> on DLLs in one folder), for plugins
/// and scripts alike (DESIGN.md §3, step 1), and the one loop that scans it, so scans never overlap and never run on
/// the scheduler's path. Every create, change, rename and delete below the folder wakes the loop, which waits until the
/// folder has been quiet for <see cref="SourceOptions.Debounce"/>, or only <see cref="SourceOptions.RenameDebounce"/>
/// when everything since the last scan arrived by a rename (<see cref="ChangeGathering"/>), at most
/// <see cref="SourceOptions.MaxDebounce"/> in all, and scans; it also scans every
/// <see cref="SourceOptions.PollInterval"/> without an event, since watchers miss events (buffer overflows, some file
/// systems, <c>#load</c> targets outside the folder). What changed is worked out by the scan, so an event only says
/// "look again" (and how long to wait).
/// </summary>
internal sealed class FolderWatch(string folder, IWatchedFolder target, SourceOptions timing, TimeProvider timeProvider) : IDisposable
{
    private readonly WakeSignal _wake = new();
    private readonly ChangeGathering _changes = new(folder);
    private readonly Lock _gate = new();
    private readonly List<TaskCompletionSource> _requests = [];
    private readonly CancellationTokenSource _stopping = new();
    private FileSystemWatcher? _watcher;
    private Task? _loop;
    private bool _disposed;

    /// <summary>Starts watching (unless <see cref="SourceOptions.UseFileSystemWatcher"/> is off) and the scan loop.</summary>
    public void Start()
    {
        if (timing.UseFileSystemWatcher)
        {
            try
            {
                _watcher = CreateWatcher();
            }
            catch (Exception e) when (e is IOException or ArgumentException or PlatformNotSupportedException or UnauthorizedAccessException)
            {
                target.CannotWatch(e.Message);
            }
        }
        _loop = Task.Run(() => LoopAsync(_stopping.Token), CancellationToken.None);
    }

    /// <summary>Scans now, without debounce, on the loop; completes when that scan is done (with its exception if it threw).</summary>
    /// <exception cref="InvalidOperationException">The watch is not running.</exception>
    public Task RescanAsync()
    {
        var request = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (_loop is null || _disposed || _stopping.IsCancellationRequested)
            {
                request.SetException(new InvalidOperationException($"the watch of '{folder}' is not running"));
                return request.Task;
            }
            _requests.Add(request);
        }
        _wake.Set();
        return request.Task;
    }

    /// <summary>Stops the watcher and the loop (a scan in progress is cancelled); pending rescans are cancelled.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        DisposeWatcher();
        lock (_gate)
        {
            if (_disposed || _stopping.IsCancellationRequested)
            {
                return;
            }
            _stopping.Cancel();
        }
        if (_loop is { } loop)
        {
            try
            {
                await loop.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Shutting down either way.
            }
        }
    }

    /// <summary>Stops the watcher and the loop without waiting; may be called more than once (the container disposes a source once per registration).</summary>
    public void Dispose()
    {
        DisposeWatcher();
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            _stopping.Cancel();
        }
        _stopping.Dispose();
    }

    private FileSystemWatcher CreateWatcher()
    {
        var watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
            InternalBufferSize = 64 * 1024,
        };
        watcher.Created += (_, e) => Notice(e);
        watcher.Changed += (_, e) => Notice(e);
        watcher.Deleted += (_, e) => Notice(e);
        watcher.Renamed += (_, e) => Notice(e);
        watcher.Error += (_, e) =>
        {
            _changes.Lost();
            target.LostEvents(e.GetException().Message);
            _wake.Set();
        };
        watcher.EnableRaisingEvents = true;
        return watcher;
    }

    /// <summary>A file event below the folder (the watcher's; tests pass their own): it wakes the loop.</summary>
    internal void Notice(FileSystemEventArgs change)
    {
        _changes.Add(change);
        _wake.Set();
    }

    private void DisposeWatcher()
    {
        if (Interlocked.Exchange(ref _watcher, null) is { } watcher)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
        }
    }

    private async Task LoopAsync(CancellationToken stopping)
    {
        var poll = timing.PollInterval > TimeSpan.Zero ? timing.PollInterval : Timeout.InfiniteTimeSpan;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (await _wake.WaitAsync(poll, timeProvider, stopping).ConfigureAwait(false) && !HasRequests())
                {
                    await DebounceAsync(stopping).ConfigureAwait(false);
                }
                ScanOnce(stopping);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopped.
        }
        finally
        {
            foreach (var request in TakeRequests())
            {
                request.TrySetCanceled(CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Waits until the folder has been quiet for the debounce time the changes so far call for (see
    /// <see cref="ChangeGathering"/>), but no longer than the maximum; a rescan request ends it.
    /// </summary>
    private async Task DebounceAsync(CancellationToken stopping)
    {
        var started = timeProvider.GetTimestamp();
        while (timeProvider.GetElapsedTime(started) < timing.MaxDebounce
            && await _wake.WaitAsync(_changes.QuietTime(timing), timeProvider, stopping).ConfigureAwait(false)
            && !HasRequests())
        {
        }
    }

    private void ScanOnce(CancellationToken stopping)
    {
        var requests = TakeRequests();
        _changes.Clear(); // what changed before this point, the scan sees
        try
        {
            target.Scan(stopping);
            requests.ForEach(r => r.TrySetResult());
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Never out of the loop: the next change or poll tries again.
            target.ScanFailed(e);
            requests.ForEach(r => r.TrySetException(e));
        }
        catch (OperationCanceledException)
        {
            requests.ForEach(r => r.TrySetCanceled(CancellationToken.None));
            throw;
        }
    }

    private bool HasRequests()
    {
        lock (_gate)
        {
            return _requests.Count > 0;
        }
    }

    private List<TaskCompletionSource> TakeRequests()
    {
        lock (_gate)
        {
            List<TaskCompletionSource> taken = [.. _requests];
            _requests.Clear();
            return taken;
        }
    }
}
