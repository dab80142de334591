namespace Kairos.Host.Sources;

/// <summary>
/// Timing shared by the folder sources (<c>PluginWatchOptions</c>, <c>ScriptSourceOptions</c>): how an unloaded
/// version's collection is checked. Each source states its own defaults.
/// </summary>
internal abstract class SourceOptions
{
    /// <summary>How many collections an unloaded context gets before it is reported as leaked. Default: 10.</summary>
    public int UnloadCheckRounds { get; set; } = 10;

    /// <summary>Pause between those collections (plugins: 100 ms; scripts: 250 ms).</summary>
    public TimeSpan UnloadCheckPause { get; set; }
}
