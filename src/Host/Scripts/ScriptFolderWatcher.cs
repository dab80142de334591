using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>
/// Tells the script source that something may have changed: a recursive <see cref="FileSystemWatcher"/>
/// (created, changed, renamed, deleted; any file, so <c>#r</c> assemblies and folder renames count) and a polling
/// timer as fallback for missed events, for filesystems without notifications and for files outside the folder.
/// What changed is worked out by the rescan, so events only need to say "look again".
/// </summary>
internal sealed class ScriptFolderWatcher(
    string folder,
    Action changed,
    ScriptSourceOptions options,
    TimeProvider time,
    ILogger logger) : IDisposable
{
    private FileSystemWatcher? _watcher;
    private ITimer? _poll;

    public bool Watching => _watcher is not null;

    public void Start()
    {
        if (options.UseFileSystemWatcher)
        {
            try
            {
                var watcher = new FileSystemWatcher(folder)
                {
                    IncludeSubdirectories = true,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                watcher.Created += OnEvent;
                watcher.Changed += OnEvent;
                watcher.Deleted += OnEvent;
                watcher.Renamed += OnEvent;
                watcher.Error += OnError;
                watcher.EnableRaisingEvents = true;
                _watcher = watcher;
            }
            catch (Exception e) when (e is IOException or PlatformNotSupportedException or ArgumentException or UnauthorizedAccessException)
            {
                ScriptLog.WatcherFailed(logger, folder, e.Message, options.PollInterval.TotalSeconds);
            }
        }
        if (options.PollInterval > TimeSpan.Zero)
        {
            _poll = time.CreateTimer(_ => changed(), null, options.PollInterval, options.PollInterval);
        }
    }

    public void Dispose()
    {
        _poll?.Dispose();
        _poll = null;
        if (_watcher is { } watcher)
        {
            watcher.EnableRaisingEvents = false;
            watcher.Dispose();
            _watcher = null;
        }
    }

    private void OnEvent(object sender, FileSystemEventArgs e) => changed();

    private void OnError(object sender, ErrorEventArgs e)
    {
        ScriptLog.WatcherError(logger, folder, e.GetException().Message);
        changed();
    }
}
