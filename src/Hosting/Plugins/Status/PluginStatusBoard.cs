namespace Kairos.Host.Plugins.Status;

/// <summary>
/// The plugins of this host for <c>info --json</c>: each plugin's current state (loaded or failed) and the most recent
/// unloaded versions with whether their contexts were collected. Thread-safe; a singleton.
/// </summary>
internal sealed class PluginStatusBoard
{
    /// <summary>How many unloaded versions are remembered.</summary>
    public const int UnloadedHistory = 32;

    private readonly object _gate = new();
    private readonly SortedDictionary<string, PluginInfo> _current = new(StringComparer.Ordinal);
    private readonly List<PluginInfo> _retired = [];

    /// <summary>Raised after every change, outside the lock (tests wait on it; the CLI may too).</summary>
    public event Action? Changed;

    public IReadOnlyList<PluginInfo> Snapshot()
    {
        lock (_gate)
        {
            return [.. _current.Values, .. _retired];
        }
    }

    public PluginInfo? Find(string name)
    {
        lock (_gate)
        {
            return _current.GetValueOrDefault(name);
        }
    }

    internal void SetCurrent(PluginInfo info) => Update(() => _current[info.Name] = info);

    internal void RemoveCurrent(string name) => Update(() => _current.Remove(name));

    /// <summary>Records a version that is being unloaded, or updates it once it is (matched by name and version).</summary>
    internal void SetRetired(PluginInfo info) => Update(() =>
    {
        var index = _retired.FindIndex(r => r.Name == info.Name && r.Version == info.Version && r.LoadedAtUtc == info.LoadedAtUtc);
        if (index >= 0)
        {
            _retired[index] = info;
            return;
        }
        _retired.Add(info);
        if (_retired.Count > UnloadedHistory)
        {
            _retired.RemoveAt(0);
        }
    });

    private void Update(Action change)
    {
        lock (_gate)
        {
            change();
        }
        Changed?.Invoke();
    }
}
