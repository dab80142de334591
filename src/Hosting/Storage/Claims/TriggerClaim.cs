using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Claims;

/// <summary>
/// What claiming one due trigger writes, the same for every store (planned by an <see cref="IClaimPlanner"/>): the
/// runs it fires (pending, owned by the claiming node), the misfired fires recorded one by one plus a summary of the
/// rest, the waiting-for-handler records it takes over (same id) or leaves behind (to delete), and where the trigger
/// goes next (deleted when a dynamic trigger has no next fire).
/// </summary>
internal sealed class TriggerClaim(StoredTrigger trigger)
{
    /// <summary>The trigger claimed, advanced past the fires of the claim (unless <see cref="DeleteTrigger"/>).</summary>
    public StoredTrigger Trigger { get; } = trigger;

    /// <summary>Pending runs to start, in fire order.</summary>
    public List<RunRecord> Runs { get; } = [];

    /// <summary>Records of fires not run, already ended: misfired, or skipped by an exclusion calendar.</summary>
    public List<RunRecord> Misfired { get; } = [];

    /// <summary>Ids of the waiting-for-handler records a fire of the plan took over (to update, not insert).</summary>
    public HashSet<string> TakenOver { get; } = new(StringComparer.Ordinal);

    /// <summary>Waiting-for-handler records of this trigger that no fire of the plan took over.</summary>
    public List<string> LeftoverRunIds { get; } = [];

    /// <summary>True when the trigger is deleted: a dynamic trigger with no next fire.</summary>
    public bool DeleteTrigger { get; set; }
}
