using Kairos.Host.Catalog;
using Kairos.Host.Execution.Leases;

namespace Kairos.Host.Scheduling.Chores;

/// <summary>
/// The chores on a shared store (PostgreSQL, a cluster): once a second (<see cref="Housekeeping.Period"/>), since other
/// hosts change the store, with this node's leases renewed and the expired ones of other nodes recovered
/// (<see cref="LeaseKeeper"/>). Nothing this host does brings them forward: they run at their next tick.
/// </summary>
internal sealed class SharedHousekeepingTick(LeaseKeeper leases) : IHousekeepingTick
{
    public bool KeepLeases(DateTimeOffset now) => leases.Keep(now);

    public DateTimeOffset NextAfter(DateTimeOffset now, CatalogSnapshot snapshot) => now + Housekeeping.Period;

    public DateTimeOffset Asked(DateTimeOffset now, DateTimeOffset planned) => planned;

    public DateTimeOffset PendingAdded(DateTimeOffset now, CatalogSnapshot snapshot, DateTimeOffset planned) => planned;

    public DateTimeOffset TriggersAdded(DateTimeOffset at, DateTimeOffset planned) => planned;
}
