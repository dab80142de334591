using Microsoft.Extensions.Logging;

namespace Kairos.Host.Plugins;

/// <summary>The plugin subsystem's log messages; event ids 200-299 are reserved for it.</summary>
internal static partial class PluginLog
{
    [LoggerMessage(EventId = 200, Level = LogLevel.Information, Message = "Plugins are disabled: Kairos:PluginsPath is empty")]
    public static partial void Disabled(ILogger logger);

    [LoggerMessage(EventId = 201, Level = LogLevel.Information, Message = "Watching {Folder} for plugins")]
    public static partial void Watching(ILogger logger, string folder);

    [LoggerMessage(EventId = 202, Level = LogLevel.Information, Message = "Loaded plugin {Plugin} {Version} from {Path} with {JobCount} job(s) in {ElapsedMs} ms")]
    public static partial void Loaded(ILogger logger, string plugin, string version, string path, int jobCount, long elapsedMs);

    [LoggerMessage(EventId = 203, Level = LogLevel.Information, Message = "Reloaded plugin {Plugin}: {OldVersion} -> {NewVersion}; new fires go to the new version, runs of the old one drain")]
    public static partial void Reloaded(ILogger logger, string plugin, string oldVersion, string newVersion);

    [LoggerMessage(EventId = 204, Level = LogLevel.Error, Message = "Plugin {Plugin} failed to load: {Problem}")]
    public static partial void LoadFailed(ILogger logger, string plugin, string problem);

    [LoggerMessage(EventId = 205, Level = LogLevel.Error, Message = "Plugin {Plugin} failed to load: {Problem}; version {Version} keeps running")]
    public static partial void ReloadFailed(ILogger logger, string plugin, string problem, string version);

    [LoggerMessage(EventId = 206, Level = LogLevel.Error, Message = "Plugin {Plugin}: {Problem}")]
    public static partial void Problem(ILogger logger, string plugin, string problem);

    [LoggerMessage(EventId = 207, Level = LogLevel.Warning, Message = "Plugin {Plugin} was removed; its jobs are orphaned until it comes back")]
    public static partial void Removed(ILogger logger, string plugin);

    [LoggerMessage(EventId = 208, Level = LogLevel.Warning, Message = "Plugin {Plugin} {Version}: runs still in flight after the drain grace of {Grace}; cancelling them")]
    public static partial void DrainTimedOut(ILogger logger, string plugin, string version, TimeSpan grace);

    [LoggerMessage(EventId = 209, Level = LogLevel.Warning, Message = "Plugin {Plugin} {Version}: runs ignored cancellation for {Grace}; unloading anyway, the context stays alive until they end")]
    public static partial void RunsIgnoreCancellation(ILogger logger, string plugin, string version, TimeSpan grace);

    [LoggerMessage(EventId = 210, Level = LogLevel.Warning, Message = "Plugin {Plugin} {Version}: disposing its services threw: {Error}")]
    public static partial void DisposeFailed(ILogger logger, string plugin, string version, string error);

    [LoggerMessage(EventId = 211, Level = LogLevel.Debug, Message = "Plugin {Plugin} {Version} unloaded and collected")]
    public static partial void Collected(ILogger logger, string plugin, string version);

    [LoggerMessage(EventId = 212, Level = LogLevel.Error, Message = "Plugin {Plugin} {Version} leaked: its load context is still alive after {Rounds} collections; something still references its types (a static cache, an event handler, a timer, a running thread)")]
    public static partial void Leaked(ILogger logger, string plugin, string version, int rounds);

    [LoggerMessage(EventId = 213, Level = LogLevel.Warning, Message = "Watching {Folder} failed ({Error}); changes are still found by polling every {Interval}")]
    public static partial void WatcherFailed(ILogger logger, string folder, string error, TimeSpan interval);

    [LoggerMessage(EventId = 214, Level = LogLevel.Error, Message = "Scanning the plugins folder {Folder} failed; retrying at the next change or poll")]
    public static partial void ScanFailed(ILogger logger, Exception exception, string folder);

    [LoggerMessage(EventId = 215, Level = LogLevel.Error, Message = "Plugins are disabled: refusing the plugins folder {Folder}: {Reason}")]
    public static partial void UnsafeFolder(ILogger logger, string folder, string reason);

    [LoggerMessage(EventId = 216, Level = LogLevel.Warning, Message = "Plugin {Plugin} ships native libraries; they are never unloaded, so a changed native library takes effect only after a restart")]
    public static partial void NativeLibraries(ILogger logger, string plugin);

    [LoggerMessage(EventId = 218, Level = LogLevel.Error, Message = "Plugins are disabled: the plugins folder {Folder} cannot be created or read ({Error})")]
    public static partial void FolderUnusable(ILogger logger, string folder, string error);

    [LoggerMessage(EventId = 219, Level = LogLevel.Debug, Message = "Plugin {Plugin} {Version}: the version loaded ahead of the first scan was discarded unpublished ({Reason})")]
    public static partial void PreloadDiscarded(ILogger logger, string plugin, string version, string reason);

    [LoggerMessage(EventId = 217, Level = LogLevel.Debug, Message = "Discarded context of a failed load of plugin {Plugin} was collected: {Collected}")]
    public static partial void DiscardedCollected(ILogger logger, string plugin, bool collected);
}
