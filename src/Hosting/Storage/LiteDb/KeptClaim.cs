using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// A claim kept in memory and written behind (<see cref="LiteDbStore"/>'s write-behind): its trigger's state after the
/// claim (<see cref="Advanced"/>; null when the claim deletes the trigger, a one-shot's) and the pending runs it inserts.
/// A recurring trigger claimed again before its claim was written keeps one: the latest state and all the runs.
/// </summary>
internal sealed record KeptClaim(string TriggerId, StoredTrigger? Advanced, IReadOnlyList<RunRecord> Runs)
{
    /// <summary>The trigger's state after the claim for a recurring trigger whose next fire is due by <paramref name="until"/>.</summary>
    public bool IsDueBy(DateTimeOffset until) => Advanced is { NextFireUtc: { } next } && next <= until;
}
