using Kairos.Host.Catalog;

namespace Kairos.Host.Storage;

/// <summary>
/// What claiming one due trigger writes, the same for every store: the runs it fires (pending, owned by the claiming
/// node), the misfired fires recorded one by one plus a summary of the rest, the waiting-for-handler records it
/// takes over (same id) or leaves behind (to delete), and where the trigger goes next (deleted when a dynamic trigger
/// has no next fire).
/// </summary>
internal sealed class TriggerClaim
{
    private TriggerClaim(StoredTrigger trigger) => Trigger = trigger;

    public StoredTrigger Trigger { get; }

    /// <summary>Pending runs to start, in fire order.</summary>
    public List<RunRecord> Runs { get; } = [];

    /// <summary>Misfired records (already ended).</summary>
    public List<RunRecord> Misfired { get; } = [];

    /// <summary>Ids of the waiting-for-handler records a fire of the plan took over (to update, not insert).</summary>
    public HashSet<string> TakenOver { get; } = new(StringComparer.Ordinal);

    /// <summary>Waiting-for-handler records of this trigger that no fire of the plan took over.</summary>
    public List<string> LeftoverRunIds { get; } = [];

    /// <summary>True when the trigger is deleted: a dynamic trigger with no next fire.</summary>
    public bool DeleteTrigger { get; private set; }

    /// <summary>Plans the claim of <paramref name="trigger"/>; <paramref name="instant"/> rounds instants to the store's precision.</summary>
    public static TriggerClaim Plan(
        StoredTrigger trigger, JobPolicies policies, ClaimRequest request, IEnumerable<RunRecord> waiting, Func<DateTimeOffset, DateTimeOffset> instant)
    {
        var claim = new TriggerClaim(trigger);
        var now = instant(request.Now);
        var plan = request.Planner.Plan(trigger.Spec, trigger.NextFireUtc!.Value, now, instant(request.Until));
        var reuse = waiting.ToDictionary(r => r.ScheduledUtc);
        foreach (var scheduled in plan.Run)
        {
            claim.Runs.Add(claim.NewRun(policies, scheduled, RunStatus.Pending, request, reuse, instant));
        }
        foreach (var scheduled in plan.Misfired)
        {
            var run = claim.NewRun(policies, scheduled, RunStatus.Misfired, request, reuse, instant);
            run.EndedUtc = now;
            run.ErrorMessage = $"missed by {now - scheduled:g} (threshold exceeded); misfire policy {trigger.Spec.Misfire}";
            claim.Misfired.Add(run);
        }
        if (plan.MisfiredNotRecorded > 0)
        {
            var summary = claim.NewRun(policies, now, RunStatus.Misfired, request, reuse, instant);
            summary.EndedUtc = now;
            summary.ErrorMessage = $"{plan.MisfiredNotRecorded} more missed fires not recorded one by one; misfire policy {trigger.Spec.Misfire}";
            claim.Misfired.Add(summary);
        }
        claim.LeftoverRunIds.AddRange(reuse.Values.Select(r => r.Id));
        if (plan.NextFireUtc is null && trigger.Origin == TriggerOrigin.Dynamic)
        {
            claim.DeleteTrigger = true;
        }
        else
        {
            trigger.LastFireUtc = plan.Run.Count > 0 ? plan.Run[^1] : trigger.NextFireUtc;
            trigger.NextFireUtc = plan.NextFireUtc;
        }
        return claim;
    }

    private RunRecord NewRun(
        JobPolicies policies, DateTimeOffset scheduled, RunStatus status,
        ClaimRequest request, Dictionary<DateTimeOffset, RunRecord> reuse, Func<DateTimeOffset, DateTimeOffset> instant)
    {
        var trigger = Trigger;
        string id;
        if (reuse.Remove(scheduled, out var waiting))
        {
            id = waiting.Id;
            TakenOver.Add(id);
        }
        else
        {
            id = RunIds.New(request.Now);
        }
        var pending = status == RunStatus.Pending;
        return new RunRecord
        {
            Id = id,
            JobId = trigger.JobId,
            TriggerKey = trigger.Spec.Key,
            ConcurrencyKey = policies.ConcurrencyKey(trigger.JobId, trigger.Spec.Key),
            ScheduledUtc = scheduled,
            NotBeforeUtc = scheduled,
            Status = status,
            Priority = trigger.Spec.Priority,
            DataJson = trigger.Spec.DataJson,
            Node = pending ? request.Node : null,
            LeaseExpiresUtc = pending ? instant(request.LeaseUntil) : null,
        };
    }
}
