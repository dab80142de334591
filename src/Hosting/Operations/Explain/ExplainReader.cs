using Kairos.Host.Operations.Audit;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Explain;

/// <summary>Why a job did or did not fire (<c>kairos explain</c>): the facts read from the store, explained by <see cref="Explainer"/>.</summary>
internal sealed class ExplainReader(ICatalogStore jobs, IRunHistory history, AuditTrail audit, TriggerSchedule schedule, TimeProvider time)
{
    /// <summary>The most audit entries of the job read for its pauses and disables.</summary>
    private const int AuditRead = 5 * KairosScheduler.MaxPage;

    /// <summary>The statuses of runs that may have been running when a fire was skipped by overlap.</summary>
    private static readonly RunStatus[] MayOverlap =
        [RunStatus.Running, RunStatus.Succeeded, RunStatus.Failed, RunStatus.Retrying, RunStatus.TimedOut, RunStatus.Cancelled, RunStatus.Interrupted];

    /// <summary>
    /// Explains the fires of <paramref name="job"/>'s triggers (only <paramref name="triggerKey"/> when given) around
    /// <paramref name="atUtc"/> (now when null), on <paramref name="nodes"/>: what happened to each past one, and what would stop each future one.
    /// </summary>
    /// <exception cref="OperationException">The job has no trigger <paramref name="triggerKey"/>.</exception>
    public ExplainView Explain(StoredJob job, DateTimeOffset? atUtc, string? triggerKey, List<ExplainNodeView> nodes)
    {
        var jobId = job.Id;
        var now = time.GetUtcNow();
        var at = atUtc ?? now;
        var triggers = jobs.GetTriggers(jobId);
        if (triggerKey is not null)
        {
            triggers = [.. triggers.Where(t => t.Spec.Key == triggerKey)];
            if (triggers.Count == 0)
            {
                var keys = jobs.GetTriggers(jobId).Select(t => t.Spec.Key).Order(StringComparer.Ordinal).ToList();
                throw new OperationException(keys.Count == 0
                    ? $"job '{jobId}' has no trigger '{triggerKey}': it has no trigger at all"
                    : $"job '{jobId}' has no trigger '{triggerKey}': expected one of {string.Join(", ", keys)}");
            }
        }
        var instants = triggers.SelectMany(t => TriggerInstants.Around(schedule, t, at, Explainer.Around)).ToList();
        IReadOnlyList<RunRecord> runs = instants.Count == 0
            ? []
            : history.QueryPage(new RunFilter(jobId, TriggerKey: triggerKey, FromUtc: StoreInstants.Milliseconds(instants.Min()), ToUtc: StoreInstants.Milliseconds(instants.Max()).AddMilliseconds(1)), null, KairosScheduler.MaxPage);
        var facts = new ExplainFacts(job, triggers, at, now, runs, OverlapCandidates(jobId, runs), JobAudit(jobId), nodes);
        return new Explainer(schedule).Explain(facts);
    }

    /// <summary>
    /// For each fire skipped by overlap, the newest runs of the job of each status that may still have been running when it
    /// was skipped (scheduled before it): the one it overlapped is among them.
    /// </summary>
    private List<RunRecord> OverlapCandidates(string jobId, IReadOnlyList<RunRecord> runs)
    {
        var found = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        foreach (var skipped in runs.Where(r => r.Status == RunStatus.Skipped).Select(r => r.EndedUtc ?? r.ScheduledUtc).Distinct())
        {
            foreach (var status in MayOverlap)
            {
                foreach (var run in history.QueryPage(new RunFilter(jobId, status, ToUtc: skipped.AddMilliseconds(1)), null, Explainer.Around))
                {
                    found.TryAdd(run.Id, run);
                }
            }
        }
        return [.. found.Values];
    }

    /// <summary>The job's pause, resume, disable and enable entries (the newest <see cref="AuditRead"/> entries of the job).</summary>
    private List<AuditEntry> JobAudit(string jobId)
    {
        var entries = new List<AuditEntry>();
        string? before = null;
        while (entries.Count < AuditRead)
        {
            var page = audit.Page(jobId, before, KairosScheduler.MaxPage);
            entries.AddRange(page.Where(e => e.Action is AuditActions.Pause or AuditActions.Resume or AuditActions.Disable or AuditActions.Enable));
            if (page.Count < KairosScheduler.MaxPage)
            {
                break;
            }
            before = page[^1].Id;
        }
        return entries;
    }
}
