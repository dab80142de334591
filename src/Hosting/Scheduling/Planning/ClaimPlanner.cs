using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// Plans the claim of a due trigger for the store, inside its transaction: <see cref="FirePlanner"/> decides which
/// fires run and which are misfired, and the job's policies (<paramref name="policiesOf"/>, from the catalog; null when
/// this host does not run the job) give the runs their concurrency key. Builds the pending and misfired records, and a
/// skipped record for a fire that an exclusion calendar of the trigger holds (<see cref="TriggerSchedule.Calendars"/>).
/// </summary>
internal sealed class ClaimPlanner(FirePlanner fires, Func<string, JobPolicies?> policiesOf) : IClaimPlanner
{
    public TriggerClaim? Plan(StoredTrigger trigger, IEnumerable<RunRecord> waiting, ClaimWindow window)
    {
        if (policiesOf(trigger.JobId) is not { } policies)
        {
            return null;
        }
        var claim = new TriggerClaim(trigger);
        var now = window.Now;
        var plan = fires.Plan(trigger.JobId, trigger.Spec, trigger.NextFireUtc!.Value, now, window.Until);
        var reuse = waiting.ToDictionary(r => r.ScheduledUtc);
        foreach (var scheduled in plan.Run)
        {
            if (fires.Schedule.Calendars.Exclusion(trigger.Spec, scheduled) is { } excluded)
            {
                // Recorded and told like a misfire; the trigger moves on past it with the rest of the plan.
                var skipped = NewRun(claim, policies, scheduled, RunStatus.Skipped, window, reuse);
                claim.Misfired.Add(skipped.Ended(RunStatus.Skipped, now, excluded));
                continue;
            }
            claim.Runs.Add(NewRun(claim, policies, scheduled, RunStatus.Pending, window, reuse));
        }
        foreach (var scheduled in plan.Misfired)
        {
            var run = NewRun(claim, policies, scheduled, RunStatus.Misfired, window, reuse);
            claim.Misfired.Add(run.Ended(RunStatus.Misfired, now, $"missed by {now - scheduled:g} (threshold exceeded); misfire policy {trigger.Spec.Misfire}"));
        }
        if (plan.MisfiredNotRecorded > 0)
        {
            var summary = NewRun(claim, policies, now, RunStatus.Misfired, window, reuse);
            claim.Misfired.Add(summary.Ended(RunStatus.Misfired, now, $"{plan.MisfiredNotRecorded} more missed fires not recorded one by one; misfire policy {trigger.Spec.Misfire}"));
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

    private static RunRecord NewRun(
        TriggerClaim claim, JobPolicies policies, DateTimeOffset scheduled, RunStatus status, ClaimWindow window, Dictionary<DateTimeOffset, RunRecord> reuse)
    {
        var trigger = claim.Trigger;
        string id;
        if (reuse.Remove(scheduled, out var waiting))
        {
            id = waiting.Id;
            claim.TakenOver.Add(id);
        }
        else
        {
            id = RunIds.New(window.Now);
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
            Node = pending ? window.Node : null,
            LeaseExpiresUtc = pending ? window.LeaseUntil : null,
        };
    }
}
