using Kairos.Host.Catalog;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// When the loop's chores (<see cref="Housekeeping"/>) run, one policy per store kind, chosen at registration: on a
/// shared store (<see cref="SharedHousekeepingTick"/>: a cluster, where other hosts change the store) once a second,
/// with this node's leases kept; on an exclusive one (<see cref="LocalHousekeepingTick"/>: LiteDB, which this process
/// holds, so every change goes through it) only at the instants they are needed, so an idle host does not wake.
/// </summary>
internal interface IHousekeepingTick
{
    /// <summary>
    /// Keeps this node's leases (<see cref="Execution.Leases.LeaseKeeper.Keep"/>: renewals, expiries, cancellations asked
    /// elsewhere); true when re-runs were added. An exclusive store has no leases to keep (at start-up every run still
    /// marked running is recovered).
    /// </summary>
    bool KeepLeases(DateTimeOffset now);

    /// <summary>
    /// When the chores are next needed after <paramref name="now"/>; <see cref="DateTimeOffset.MaxValue"/> when none.
    /// The loop asks again whenever the store or the catalog may have changed.
    /// </summary>
    DateTimeOffset NextAfter(DateTimeOffset now, CatalogSnapshot snapshot);

    /// <summary>
    /// Something changed that the chores may have to act on (a job paused, resumed or loaded, a trigger changed by an
    /// operator): when they run now that they were <paramref name="planned"/>.
    /// </summary>
    DateTimeOffset Asked(DateTimeOffset now, DateTimeOffset planned);

    /// <summary>This host added pending runs (a retry, a chain, a manual trigger), collected at once when due: when the chores run now.</summary>
    DateTimeOffset PendingAdded(DateTimeOffset now, CatalogSnapshot snapshot, DateTimeOffset planned);

    /// <summary>Triggers were added whose earliest first fire is <paramref name="at"/>: when the chores run now.</summary>
    DateTimeOffset TriggersAdded(DateTimeOffset at, DateTimeOffset planned);
}
