using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

internal sealed partial class LiteDbStore
{
    public IReadOnlyList<RunRecord> ClaimDueFires(ClaimRequest request) => Write(() =>
    {
        var now = KairosBsonMapper.Ms(request.Now);
        var claimed = new List<RunRecord>();
        var paused = PausedJobIds();
        var due = _triggers.Find(LiteDB.Query.Between("NextFireUtc", new BsonValue(DateTime.MinValue), Utc(now)))
            .Where(t => request.RunnableJobIds.Contains(t.JobId) && !paused.Contains(t.JobId))
            .Take(request.MaxTriggers)
            .ToList();
        if (due.Count == 0)
        {
            return claimed;
        }
        var waiting = _runs.Find(r => r.Status == RunStatus.WaitingForHandler)
            .ToLookup(r => (r.JobId, r.TriggerKey));
        foreach (var trigger in due)
        {
            var policies = request.PoliciesOf(trigger.JobId);
            if (policies is null)
            {
                continue;
            }
            var plan = request.Planner.Plan(trigger.Spec, trigger.NextFireUtc!.Value, now);
            var reuse = waiting[(trigger.JobId, trigger.Spec.Key)].ToDictionary(r => r.ScheduledUtc);
            foreach (var scheduled in plan.Run)
            {
                var run = NewRun(trigger, policies, scheduled, RunStatus.Pending, request, reuse);
                claimed.Add(run);
                _runs.Upsert(run);
            }
            foreach (var scheduled in plan.Misfired)
            {
                var run = NewRun(trigger, policies, scheduled, RunStatus.Misfired, request, reuse);
                run.EndedUtc = now;
                run.ErrorMessage = $"missed by {now - scheduled:g} (threshold exceeded); misfire policy {trigger.Spec.Misfire}";
                _runs.Upsert(run);
            }
            if (plan.MisfiredNotRecorded > 0)
            {
                var summary = NewRun(trigger, policies, now, RunStatus.Misfired, request, reuse);
                summary.EndedUtc = now;
                summary.ErrorMessage = $"{plan.MisfiredNotRecorded} more missed fires not recorded one by one; misfire policy {trigger.Spec.Misfire}";
                _runs.Insert(summary);
            }
            foreach (var leftover in reuse.Values)
            {
                _runs.Delete(leftover.Id);
            }
            if (plan.NextFireUtc is null && trigger.Origin == TriggerOrigin.Dynamic)
            {
                _triggers.Delete(trigger.Id);
            }
            else
            {
                trigger.LastFireUtc = plan.Run.Count > 0 ? plan.Run[^1] : trigger.NextFireUtc;
                trigger.NextFireUtc = plan.NextFireUtc;
                _triggers.Update(trigger);
            }
        }
        return claimed;
    });

    public int MarkWaitingForHandler(IReadOnlySet<string> runnableJobIds, DateTimeOffset now) => Write(() =>
    {
        var paused = PausedJobIds();
        var existing = _runs.Find(r => r.Status == RunStatus.WaitingForHandler)
            .Select(r => (r.JobId, r.TriggerKey, r.ScheduledUtc)).ToHashSet();
        var added = 0;
        foreach (var trigger in _triggers.Find(LiteDB.Query.Between("NextFireUtc", new BsonValue(DateTime.MinValue), Utc(now))))
        {
            if (runnableJobIds.Contains(trigger.JobId) || paused.Contains(trigger.JobId)
                || existing.Contains((trigger.JobId, trigger.Spec.Key, trigger.NextFireUtc!.Value)))
            {
                continue;
            }
            _runs.Insert(new RunRecord
            {
                Id = RunIds.New(now),
                JobId = trigger.JobId,
                TriggerKey = trigger.Spec.Key,
                ConcurrencyKey = trigger.JobId,
                ScheduledUtc = trigger.NextFireUtc.Value,
                NotBeforeUtc = trigger.NextFireUtc.Value,
                Status = RunStatus.WaitingForHandler,
                Priority = trigger.Spec.Priority,
                DataJson = trigger.Spec.DataJson,
                ErrorMessage = $"no loaded plugin or script declares job '{trigger.JobId}'; the fire waits for it",
            });
            added++;
        }
        return added;
    });

    private static RunRecord NewRun(
        StoredTrigger trigger, Catalog.JobPolicies policies, DateTimeOffset scheduled, string status,
        ClaimRequest request, Dictionary<DateTimeOffset, RunRecord> reuse)
    {
        var id = reuse.Remove(scheduled, out var waiting) ? waiting.Id : RunIds.New(request.Now);
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
            Node = status == RunStatus.Pending ? request.Node : null,
            LeaseExpiresUtc = status == RunStatus.Pending ? request.LeaseUntil : null,
        };
    }
}
