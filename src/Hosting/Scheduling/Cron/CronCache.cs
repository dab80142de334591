using System.Collections.Concurrent;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// Parsed cron schedules shared by expression and zone, bounded: two generations of at most
/// <see cref="Capacity"/> entries each. A lookup that hits the older generation moves the entry to the current one; when
/// the current one is full it becomes the older one and the oldest is dropped. So the schedules in use (the triggers
/// that fire) stay parsed, while a million triggers with distinct expressions, read once each when they are added,
/// do not keep a million parsed schedules (about 0.7 KB each) for the life of the host.
/// </summary>
internal sealed class CronCache(int capacity = CronCache.DefaultCapacity)
{
    /// <summary>Entries per generation by default.</summary>
    public const int DefaultCapacity = 4096;

    private readonly object _turn = new();
    private ConcurrentDictionary<(string Expression, string Zone), CronSchedule> _current = new();
    private ConcurrentDictionary<(string Expression, string Zone), CronSchedule> _older = new();

    // Entries added to the current generation, counted here: ConcurrentDictionary.Count takes every lock of the table,
    // and a cache miss (each trigger added with an expression of its own) asked it every time.
    private int _added;

    /// <summary>The most entries a generation holds (the cache holds at most twice as many).</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity '{capacity}' must be positive");

    /// <summary>Entries held now, over both generations (an entry may be counted twice while it moves).</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _older).Count;

    /// <summary>The schedule of <paramref name="expression"/> in <paramref name="zone"/>, parsed at most once while it stays in use.</summary>
    /// <exception cref="FormatException">The expression or zone is invalid (quoted in the message).</exception>
    public CronSchedule Get(string expression, string zone)
    {
        var key = (expression, zone);
        var current = Volatile.Read(ref _current);
        if (current.TryGetValue(key, out var schedule))
        {
            return schedule;
        }
        schedule = Volatile.Read(ref _older).TryGetValue(key, out var kept) ? kept : CronSchedule.Parse(expression, zone);
        if (Volatile.Read(ref _added) >= Capacity)
        {
            lock (_turn)
            {
                if (ReferenceEquals(current, _current))
                {
                    Volatile.Write(ref _older, current);
                    Volatile.Write(ref _current, new ConcurrentDictionary<(string Expression, string Zone), CronSchedule>());
                    Volatile.Write(ref _added, 0);
                }
                current = _current;
            }
        }
        if (current.TryAdd(key, schedule))
        {
            Interlocked.Increment(ref _added);
            return schedule;
        }
        return current.TryGetValue(key, out var added) ? added : schedule;
    }
}
