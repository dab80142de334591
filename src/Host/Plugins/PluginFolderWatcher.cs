namespace Kairos.Host.Plugins;

/// <summary>
/// Our own watch of the plugins folder (McMaster's hot reload sees only <c>Changed</c> on DLLs in one folder): every
/// create, change, rename and delete below the folder sets the signal; the scan loop debounces and also polls, since
/// file watchers miss events (buffer overflows, some file systems).
/// </summary>
internal sealed class PluginFolderWatcher : IDisposable
{
    private readonly FileSystemWatcher _watcher;

    public PluginFolderWatcher(string folder, AsyncSignal changed, Action<string> onError)
    {
        _watcher = new FileSystemWatcher(folder)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                | NotifyFilters.Size | NotifyFilters.CreationTime,
            InternalBufferSize = 64 * 1024,
        };
        _watcher.Created += (_, _) => changed.Set();
        _watcher.Changed += (_, _) => changed.Set();
        _watcher.Deleted += (_, _) => changed.Set();
        _watcher.Renamed += (_, _) => changed.Set();
        _watcher.Error += (_, e) =>
        {
            onError(e.GetException().Message);
            changed.Set();
        };
        _watcher.EnableRaisingEvents = true;
    }

    public void Dispose() => _watcher.Dispose();
}
