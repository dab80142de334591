using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Watching;

namespace Kairos.Host.Sources;

/// <summary>
/// Timing shared by the folder sources (<c>PluginSourceOptions</c>, <c>ScriptSourceOptions</c>): the folder watch
/// (<see cref="FolderWatch"/>) and the check that an unloaded version was collected (<see cref="UnloadVerifier"/>).
/// Internal: the defaults suit deployments; tests shorten them. Where a source's default differs, it says so.
/// </summary>
internal abstract class SourceOptions
{
    /// <summary>
    /// Quiet time after the last file change before the folder is scanned. Default: 200 ms (an editor's save is several
    /// events; a half-copied build that fails to load leaves the old version running, and the next change loads it).
    /// </summary>
    public TimeSpan Debounce { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Quiet time instead of <see cref="Debounce"/> when every change since the last scan arrived by a rename (a file or
    /// folder written beside and renamed into place, as <c>mv</c> and rsync do: complete when it is renamed), so only
    /// the rest of the same deploy is gathered; a write in place, alone or after a rename, keeps the full
    /// <see cref="Debounce"/> (see <see cref="ChangeGathering"/>). Default: 50 ms.
    /// </summary>
    public TimeSpan RenameDebounce { get; set; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Longest a scan is put off by a folder that keeps changing (plugins: 5 seconds; scripts: 2 seconds).</summary>
    public TimeSpan MaxDebounce { get; set; }

    /// <summary>
    /// How often the folder is scanned when no change was noticed (the watcher misses some, and does not see a
    /// <c>#load</c> or <c>#r</c> target outside the folder); zero or less turns polling off. Default: 2 seconds.
    /// </summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Use a <see cref="FileSystemWatcher"/> besides polling. Default: true.</summary>
    public bool UseFileSystemWatcher { get; set; } = true;

    /// <summary>How many collections an unloaded context gets before it is reported as leaked. Default: 10.</summary>
    public int UnloadCheckRounds { get; set; } = 10;

    /// <summary>Pause between those collections (plugins: 100 ms; scripts: 250 ms).</summary>
    public TimeSpan UnloadCheckPause { get; set; }
}
