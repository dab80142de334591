using Kairos.Host.Operations.Explain;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations;

/// <summary>Why a job did or did not fire (<c>kairos explain</c>): the facts read from the store, explained by <see cref="Explainer"/>.</summary>
internal sealed partial class KairosScheduler
{
    /// <summary>The most audit entries of the job read for its pauses and disables.</summary>
    private const int AuditRead = 5 * MaxPage;

    /// <summary>The statuses of runs that may have been running when a fire was skipped by overlap.</summary>
    private static readonly RunStatus[] MayOverlap =
        [RunStatus.Running, RunStatus.Succeeded, RunStatus.Failed, RunStatus.Retrying, RunStatus.TimedOut, RunStatus.Cancelled, RunStatus.Interrupted];

    /// <summary>
    /// Explains the fires of <paramref name="jobId"/>'s triggers (only <paramref name="triggerKey"/> when given) around
    /// <paramref name="atUtc"/> (now when null): what happened to each past one, and what would stop each future one.
    /// </summary>
    /// <exception cref="JobNotFoundException">No such job.</exception>
    /// <exception cref="OperationException">The job has no trigger <paramref name="triggerKey"/>.</exception>
    public ExplainView Explain(string jobId, DateTimeOffset? atUtc, string? triggerKey)
    {
        var job = RequireJob(jobId);
        var now = _parts.Time.GetUtcNow();
        var at = atUtc ?? now;
        var triggers = _parts.Jobs.GetTriggers(jobId);
        if (triggerKey is not null)
        {
            triggers = [.. triggers.Where(t => t.Spec.Key == triggerKey)];
            if (triggers.Count == 0)
            {
                var keys = _parts.Jobs.GetTriggers(jobId).Select(t => t.Spec.Key).Order(StringComparer.Ordinal).ToList();
                throw new OperationException(keys.Count == 0
                    ? $"job '{jobId}' has no trigger '{triggerKey}': it has no trigger at all"
                    : $"job '{jobId}' has no trigger '{triggerKey}': expected one of {string.Join(", ", keys)}");
            }
        }
        var instants = triggers.SelectMany(t => TriggerInstants.Around(_parts.Schedule, t, at, Explainer.Around)).ToList();
        IReadOnlyList<RunRecord> runs = instants.Count == 0
            ? []
            : _parts.Runs.QueryPage(new RunFilter(jobId, TriggerKey: triggerKey, FromUtc: StoreInstants.Milliseconds(instants.Min()), ToUtc: StoreInstants.Milliseconds(instants.Max()).AddMilliseconds(1)), null, MaxPage);
        var facts = new ExplainFacts(job, triggers, at, now, runs, OverlapCandidates(jobId, runs), JobAudit(jobId), ExplainNodes(jobId));
        return new Explainer(_parts.Schedule).Explain(facts);
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
                foreach (var run in _parts.Runs.QueryPage(new RunFilter(jobId, status, ToUtc: skipped.AddMilliseconds(1)), null, Explainer.Around))
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
            var page = _parts.Audit.AuditPage(jobId, before, MaxPage);
            entries.AddRange(page.Where(e => e.Action is AuditActions.Pause or AuditActions.Resume or AuditActions.Disable or AuditActions.Enable));
            if (page.Count < MaxPage)
            {
                break;
            }
            before = page[^1].Id;
        }
        return entries;
    }

    /// <summary>The hosts the store knows (the cluster's nodes table; with LiteDB this host alone, when one runs) and whether each loads the job.</summary>
    private List<ExplainNodeView> ExplainNodes(string jobId)
    {
        if (Sections().Where(s => s.Section == "nodes").Select(s => s.Snapshot).FirstOrDefault() is IEnumerable<NodesInfoContributor.NodeView> nodes)
        {
            return [.. nodes.Select(n => new ExplainNodeView(
                n.Node, n.State == NodeState.Alive, n.StartedUtc, n.LastHeartbeatUtc, n.StoppedUtc, n.RunnableJobIds.Contains(jobId), n.RunnableJobIds))];
        }
        if (!HostRunning)
        {
            return [];
        }
        var runnable = RunnableHere;
        return [new ExplainNodeView(NodeId, true, StartedUtc, _parts.Time.GetUtcNow(), null, runnable.Contains(jobId), runnable)];
    }
}
