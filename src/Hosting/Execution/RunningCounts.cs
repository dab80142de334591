namespace Kairos.Host.Execution;

/// <summary>
/// The slots in use on this node and the runs per concurrency key whose code has not returned, counted as runs start
/// and return, so a dispatch reads them without walking the executions.
/// </summary>
internal sealed class RunningCounts
{
    private readonly Dictionary<string, int> _byKey = new(StringComparer.Ordinal);
    private int _busy;

    public int Busy => Volatile.Read(ref _busy);

    /// <summary>Runs of <paramref name="key"/> whose code has not returned here.</summary>
    public int WithKey(string key)
    {
        lock (_byKey)
        {
            return _byKey.GetValueOrDefault(key);
        }
    }

    /// <summary>A run of <paramref name="key"/> started: one slot and one run of the key more.</summary>
    public void Take(string key) => Change(key, +1);

    /// <summary>A run of <paramref name="key"/> returned: its slot and its place under the key's limit are free.</summary>
    public void Release(string key) => Change(key, -1);

    private void Change(string key, int change)
    {
        Interlocked.Add(ref _busy, change);
        lock (_byKey)
        {
            var count = _byKey.GetValueOrDefault(key) + change;
            if (count > 0)
            {
                _byKey[key] = count;
            }
            else
            {
                _byKey.Remove(key);
            }
        }
    }
}
