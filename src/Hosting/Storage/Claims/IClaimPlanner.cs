using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Claims;

/// <summary>
/// The rule a store applies inside its claim transaction without owning it: which fires of a due trigger run and
/// which are misfired (the misfire policy), the records they get (the job's concurrency key), and where the trigger
/// goes next. Scheduling implements it; the store locks the due triggers, asks this, and writes the
/// <see cref="TriggerClaim"/> in the same transaction, so the claim stays atomic.
/// </summary>
internal interface IClaimPlanner
{
    /// <summary>
    /// Plans the claim of <paramref name="trigger"/> within <paramref name="window"/>, taking over the records of
    /// <paramref name="waiting"/> (its <c>waiting-for-handler</c> records) whose instant it fires, and advances
    /// <paramref name="trigger"/>. Null when this host does not run the trigger's job: the trigger is left as it is.
    /// </summary>
    TriggerClaim? Plan(StoredTrigger trigger, IEnumerable<RunRecord> waiting, ClaimWindow window);
}
