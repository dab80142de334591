using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// Parsed cron schedules shared by expression and zone, bounded: two generations of at most
/// <see cref="Capacity"/> entries each. A lookup that hits the older generation moves the entry to the current one; when
/// the current one is full it becomes the older one and the oldest is dropped. So the schedules in use (the triggers
/// that fire) stay parsed, while a million triggers with distinct expressions, read once each when they are added,
/// do not keep a million parsed schedules (about 0.7 KB each) for the life of the host. A trigger being added looks its
/// schedule up with <see cref="TryLookup"/>, which keeps it only from the second lookup of its expression and zone: a
/// trigger with an expression of its own is parsed and its schedule dropped when the caller is done with it (young
/// garbage), instead of living through thousands of other additions into the GC's older generations; the loop's
/// <see cref="Get"/> keeps the schedules that fire.
/// </summary>
internal sealed class CronCache
{
    /// <summary>Entries per generation by default.</summary>
    public const int DefaultCapacity = 4096;

    public CronCache(int capacity = DefaultCapacity)
    {
        Capacity = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity), capacity, $"capacity '{capacity}' must be positive");
        _lookedUp = new int[BitOperations.RoundUpToPowerOf2((uint)Math.Min(capacity, 1 << 20) * 2)];
        _lookedUpMask = _lookedUp.Length - 1;
    }

    private readonly object _turn = new();
    private ConcurrentDictionary<(string Expression, string Zone), CronSchedule> _current = new();
    private ConcurrentDictionary<(string Expression, string Zone), CronSchedule> _older = new();

    // Keys looked up once by TryLookup, by hash: a slot holds the hash of the last key that missed into it. A collision only
    // keeps a schedule one lookup earlier or later than it would be; it is never a wrong answer.
    private readonly int[] _lookedUp;
    private readonly int _lookedUpMask;

    // Entries added to the current generation, counted here: ConcurrentDictionary.Count takes every lock of the table,
    // and a cache miss (each trigger added with an expression of its own) asked it every time.
    private int _added;

    /// <summary>The most entries a generation holds (the cache holds at most twice as many).</summary>
    public int Capacity { get; }

    /// <summary>Entries held now, over both generations (an entry may be counted twice while it moves).</summary>
    public int Count => Volatile.Read(ref _current).Count + Volatile.Read(ref _older).Count;

    /// <summary>
    /// The schedule of <paramref name="expression"/> in <paramref name="zone"/> for a trigger being added: a kept one, else
    /// parsed, and kept only when the same expression and zone were looked up before (recently: a table of
    /// <see cref="Capacity"/> times two hashes). False with the error (quoting the input) when it is invalid.
    /// </summary>
    public bool TryLookup(string expression, string zone, [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        var key = (expression, zone);
        if (TryGetKept(key, out schedule))
        {
            error = null;
            return true;
        }
        if (!CronSchedule.TryParse(expression, zone, out schedule, out error))
        {
            return false;
        }
        var hash = key.GetHashCode();
        ref var slot = ref LookedUp(hash);
        if (Volatile.Read(ref slot) == hash)
        {
            schedule = Add(key, schedule);
        }
        else
        {
            Volatile.Write(ref slot, hash);
        }
        return true;
    }

    /// <summary>The schedule of <paramref name="expression"/> in <paramref name="zone"/>, parsed at most once while it stays in use.</summary>
    /// <exception cref="FormatException">The expression or zone is invalid (quoted in the message).</exception>
    public CronSchedule Get(string expression, string zone)
    {
        var key = (expression, zone);
        return TryGetKept(key, out var schedule) ? schedule : Add(key, CronSchedule.Parse(expression, zone));
    }

    private ref int LookedUp(int hash) => ref _lookedUp[hash & _lookedUpMask];

    // A schedule of the current generation, or of the older one (moved to the current one).
    private bool TryGetKept((string Expression, string Zone) key, [NotNullWhen(true)] out CronSchedule? schedule)
    {
        if (Volatile.Read(ref _current).TryGetValue(key, out schedule))
        {
            return true;
        }
        if (!Volatile.Read(ref _older).TryGetValue(key, out var kept))
        {
            return false;
        }
        schedule = Add(key, kept);
        return true;
    }

    // Adds to the current generation (turning it first when full); the schedule another thread added first wins.
    private CronSchedule Add((string Expression, string Zone) key, CronSchedule schedule)
    {
        var current = Volatile.Read(ref _current);
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
