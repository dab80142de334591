using Kairos.Host.Catalog;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;

namespace Kairos.Host.Operations.Control;

/// <summary>
/// <c>kairos remove</c>: removes an orphaned job, one that no loaded source declares any more (its plugin or script is
/// gone). A job that a source still declares, even one that does not load, is refused: it would be reconciled back at
/// once. The acting <see cref="KairosScheduler"/> is passed in, so the audit names its actor.
/// </summary>
internal sealed class OrphanRemoval(ICatalogStore jobs, IRunHistory runs, JobCatalog catalog, SchedulerSignal signal)
{
    /// <summary>
    /// Removes the job, keeping its history (<see cref="RemovalView.Keep"/>) or deleting it (<see cref="RemovalView.Delete"/>).
    /// </summary>
    public RemovalView Remove(KairosScheduler scheduler, string jobId, string history)
    {
        if (history is not (RemovalView.Keep or RemovalView.Delete))
        {
            throw new OperationException($"history '{history}' is invalid: expected {RemovalView.Keep} or {RemovalView.Delete}");
        }
        scheduler.RequireJob(jobId);
        if (DeclaredBy(scheduler, jobId) is { } declarer)
        {
            throw new OperationException(
                $"job '{jobId}' is not orphaned: {declarer}; 'kairos remove' removes only jobs that no plugin or script declares any more (delete its plugin or script first)");
        }
        if (runs.Query(jobId, RunStatus.Running, 1) is [var running])
        {
            throw new OperationException($"job '{jobId}' has a run in progress ({running.Id}): wait for it to end, then remove the job");
        }
        var removed = jobs.RemoveJob(jobId, history == RemovalView.Delete) ?? throw scheduler.UnknownJob(jobId);
        signal.Wake();
        scheduler.Record(AuditActions.Remove, jobId, null, AuditDetail.Of(("history", history)));
        return new RemovalView(jobId, history, removed.TriggersRemoved, removed.OpenRunsRemoved, removed.HistoryRemoved);
    }

    /// <summary>Who still declares the job, as a phrase; null when it is orphaned as far as this process can know.</summary>
    private string? DeclaredBy(KairosScheduler scheduler, string jobId)
    {
        if (scheduler.ClusterRunnable is { } cluster)
        {
            return cluster()?.Contains(jobId) == true ? "a running host of the cluster runs it" : null;
        }
        var snapshot = catalog.Current;
        if (snapshot.Handlers.TryGetValue(jobId, out var handler))
        {
            return $"{handler.Source} declares it";
        }
        return snapshot.Problems.FirstOrDefault(p => p.JobId == jobId) is { } problem
            ? $"{problem.Source} declares it (it does not load: {problem.Message})"
            : null;
    }
}
