using Kairos.Host.Scripts.Cache;

namespace Kairos.Host.Scripts.Status;

/// <summary>
/// The script source's published state: one immutable list of <see cref="ScriptStatus"/> replaced after every scan,
/// plus live counters. The CLI reads <see cref="Snapshot"/>; tests wait on <see cref="Changed"/>.
/// </summary>
internal sealed class ScriptStatusBoard(ScriptCounters counters, ScriptCache cache)
{
    private volatile State _state = new(false, null, null, null, []);

    /// <summary>Raised after each update, outside any lock.</summary>
    public event Action? Changed;

    public ScriptCounters Counters { get; } = counters;

    public ScriptsSnapshot Snapshot()
    {
        var state = _state;
        return new ScriptsSnapshot(state.Enabled, state.Folder, state.CacheFolder, state.Problem, state.Scripts, Counters.Snapshot());
    }

    /// <summary>
    /// Records whether scripts are enabled, where they are, and why they are not loaded if so. The compile cache's
    /// folder is shown whenever a script folder is.
    /// </summary>
    public void Configure(bool enabled, string? folder, string? problem)
    {
        var cacheFolder = folder is null ? null : cache.Directory;
        _state = _state with { Enabled = enabled, Folder = folder, CacheFolder = cacheFolder, Problem = problem };
        Changed?.Invoke();
    }

    public void UpdateScripts(IReadOnlyList<ScriptStatus> scripts)
    {
        _state = _state with { Scripts = scripts };
        Changed?.Invoke();
    }

    /// <summary>Signals a counter change (an unload verified) without a new scan.</summary>
    public void Touch() => Changed?.Invoke();

    private sealed record State(bool Enabled, string? Folder, string? CacheFolder, string? Problem, IReadOnlyList<ScriptStatus> Scripts);
}
