using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// Wraps a claim's planner to keep the misfired records it plans, so that they are told to the listeners once the claim
/// is written. Kept per trigger: when the store runs its transaction again (a broken connection), a trigger planned
/// again replaces its earlier records instead of adding to them.
/// </summary>
internal sealed class MisfireReport(IClaimPlanner planner) : IClaimPlanner
{
    private readonly Dictionary<string, IReadOnlyList<RunRecord>> _misfired = new(StringComparer.Ordinal);

    public TriggerClaim? Plan(StoredTrigger trigger, IEnumerable<RunRecord> waiting, ClaimWindow window)
    {
        var claim = planner.Plan(trigger, waiting, window);
        if (claim is { Misfired.Count: > 0 })
        {
            _misfired[trigger.Id] = [.. claim.Misfired];
        }
        else
        {
            _misfired.Remove(trigger.Id);
        }
        return claim;
    }

    /// <summary>The misfired records planned since the last call, and forgets them.</summary>
    public IReadOnlyList<RunRecord> Take()
    {
        if (_misfired.Count == 0)
        {
            return [];
        }
        var all = _misfired.Values.SelectMany(r => r).ToList();
        _misfired.Clear();
        return all;
    }
}
