using Kairos.Host.Sources;

namespace Kairos.Host.Plugins;

/// <summary>
/// Timing of the plugin folder watch and of unload checks. Internal: the defaults suit deployments; tests shorten them.
/// Drain and cancellation graces come from <see cref="Hosting.KairosOptions"/>.
/// </summary>
internal sealed class PluginWatchOptions : SourceOptions
{
    public PluginWatchOptions()
    {
        UnloadCheckPause = TimeSpan.FromMilliseconds(100);
    }

    /// <summary>Quiet time after the last file change before the folder is scanned. Default: 200 ms (a half-copied build that fails to load leaves the old version running, and the next change loads it).</summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest a scan is put off by a folder that keeps changing. Default: 5 seconds.</summary>
    public TimeSpan MaxDebounce { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the folder is scanned when no change was noticed (the watcher misses some). Default: 2 seconds.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);
}
