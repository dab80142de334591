using Kairos.Host.Sources;

namespace Kairos.Host.Scripts;

/// <summary>
/// Tuning of the script folder source (the watch and unload timing are <see cref="SourceOptions"/>). The folder itself
/// is <c>KairosOptions.ScriptsPath</c>.
/// </summary>
internal sealed class ScriptSourceOptions : SourceOptions
{
    public ScriptSourceOptions()
    {
        // As before the folder watch was shared: ten debounce rounds of 200 ms.
        MaxDebounce = TimeSpan.FromSeconds(2);
        // Ten checks over 2.5 s: the last run's task may keep a script's context alive a moment after its drain.
        UnloadCheckPause = TimeSpan.FromMilliseconds(250);
    }

    /// <summary>
    /// Folder of the compile cache. Default: <c>script-cache</c> beside the store file (<c>data/script-cache</c>).
    /// Empty disables the cache.
    /// </summary>
    public string? CachePath { get; set; }

    /// <summary>Most compiled versions kept in the cache; the least recently used go first. Default: 256.</summary>
    public int CacheMaxEntries { get; set; } = 256;

    /// <summary>
    /// Compile scripts without optimizations, for a debugger (<c>kairos exec</c> sets it); a debugger attached when a
    /// script compiles has the same effect. Default: false.
    /// </summary>
    public bool Debug { get; set; }

    /// <summary>Compile Roslyn's first script in the background at start when everything came from the cache. Default: true.</summary>
    public bool WarmUp { get; set; } = true;

    /// <summary>
    /// How long after start the warm-up waits, so that it does not take the CPU from the first fires (a compile
    /// costs seconds of CPU). Default: 10 seconds.
    /// </summary>
    public TimeSpan WarmUpDelay { get; set; } = TimeSpan.FromSeconds(10);
}
