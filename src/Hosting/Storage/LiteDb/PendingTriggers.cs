using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Trigger changes accepted and not yet written (<see cref="TriggerWriteBehind"/>): the latest change of each trigger
/// id, so changes of one trigger coalesce into one write. A change stays here until its write committed
/// (<see cref="Written"/>), so the store can answer from here and the file together at any moment. Its own lock, so a
/// caller never waits for the store's writer.
/// </summary>
internal sealed class PendingTriggers
{
    private readonly object _gate = new();
    private readonly Dictionary<string, PendingTrigger> _byId = new(StringComparer.Ordinal);
    private int _count;

    /// <summary>The capacity kept when the set is emptied; a larger table is given back.</summary>
    private const int RetainedCapacity = 1024;

    /// <summary>True when no change waits (read without the lock: a hint for the store's fast path).</summary>
    public bool IsEmpty => Volatile.Read(ref _count) == 0;

    /// <summary>How many triggers have a change waiting (read without the lock).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>
    /// Adds upserts. An upsert over a pending one keeps its fire times when the schedule is the same
    /// (<see cref="TriggerUpsert.KeepFireTimes"/>), and is compared with the stored trigger when written only if every
    /// change since the stored one kept the schedule: the result is the one of writing each change in turn.
    /// </summary>
    public void Upsert(IReadOnlyList<StoredTrigger> triggers)
    {
        lock (_gate)
        {
            foreach (var trigger in triggers)
            {
                var againstStored = true;
                if (_byId.TryGetValue(trigger.Id, out var pending))
                {
                    if (pending.Trigger is { } earlier)
                    {
                        againstStored = pending.AgainstStored && TriggerUpsert.SameSchedule(earlier.Spec, trigger.Spec);
                        TriggerUpsert.KeepFireTimes(earlier, trigger);
                    }
                    else
                    {
                        againstStored = false; // removed, then added again: a new trigger
                    }
                }
                _byId[trigger.Id] = new PendingTrigger(trigger.Id, trigger, againstStored);
            }
            Volatile.Write(ref _count, _byId.Count);
        }
    }

    /// <summary>Adds the removal of a trigger (over any pending change of it).</summary>
    public void Remove(string triggerId)
    {
        lock (_gate)
        {
            _byId[triggerId] = new PendingTrigger(triggerId, null, AgainstStored: false);
            Volatile.Write(ref _count, _byId.Count);
        }
    }

    /// <summary>The pending change of a trigger, if any.</summary>
    public PendingTrigger? Of(string triggerId)
    {
        lock (_gate)
        {
            return _byId.GetValueOrDefault(triggerId);
        }
    }

    /// <summary>Every pending change, to be written (they stay pending until <see cref="Written"/>).</summary>
    public List<PendingTrigger> Snapshot()
    {
        lock (_gate)
        {
            return [.. _byId.Values];
        }
    }

    /// <summary>Drops the changes of <paramref name="written"/> that no later change replaced meanwhile.</summary>
    public void Written(IReadOnlyList<PendingTrigger> written)
    {
        lock (_gate)
        {
            foreach (var change in written)
            {
                if (_byId.TryGetValue(change.Id, out var current) && ReferenceEquals(current, change))
                {
                    _byId.Remove(change.Id);
                }
            }
            if (_byId.Count == 0 && _byId.EnsureCapacity(0) > RetainedCapacity)
            {
                _byId.TrimExcess(); // a burst of changes leaves no table of its size behind
            }
            Volatile.Write(ref _count, _byId.Count);
        }
    }
}

/// <summary>
/// One trigger's pending change: an upsert of <see cref="Trigger"/>, or its removal (null). <see cref="AgainstStored"/>:
/// the stored trigger's fire times are kept when the schedule is the same (false when an earlier pending change already
/// decided them).
/// </summary>
internal sealed record PendingTrigger(string Id, StoredTrigger? Trigger, bool AgainstStored);
