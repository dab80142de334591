using Kairos.Host.Catalog;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Scheduling.Triggers;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scheduling.Reconciling;

/// <summary>
/// Writes what sources declare into the store: each published job and its declared triggers are reconciled
/// (inserted, updated, or left alone when equal; never deleted and re-created). Data flows one way: catalog → store.
/// What is written is the job in force (<see cref="JobHandler.Effective"/>): the declaration with the configuration's
/// overrides, and the reason configuration disables it, if it does; a configuration reload publishes the jobs it changed
/// again, so they are reconciled here like a new version. Then the run-once jobs among them get their one run
/// (<see cref="RunOnce.RunOnceQueuer"/>). What is published, and when, comes from <see cref="CatalogFollower"/>.
/// </summary>
internal sealed partial class CatalogReconciler(
    ICatalogStore jobs,
    TriggerSchedule schedule,
    TimeProvider time,
    ILogger<CatalogReconciler> logger,
    RunOnce.RunOnceQueuer? runOnce = null)
{
    /// <summary>Writes <paramref name="handlers"/>' jobs and declared triggers into the store, then queues the run-once jobs' first run.</summary>
    public void Reconcile(IReadOnlyList<JobHandler> handlers)
    {
        var now = time.GetUtcNow();
        foreach (var handler in handlers)
        {
            var effective = handler.Effective;
            var definition = effective.Definition;
            var stored = new StoredJob
            {
                Id = definition.Id,
                Description = definition.Description,
                Source = handler.Source,
                Version = handler.Version,
                Policies = definition.Policies,
                DisabledReason = effective.DisabledReason,
                UpdatedUtc = now,
            };
            var declared = definition.Triggers.Select(TriggerNormalizer.Normalize).Select(spec => new StoredTrigger
            {
                Id = StoredTrigger.MakeId(definition.Id, spec.Key),
                JobId = definition.Id,
                Spec = spec,
                Origin = TriggerOrigin.Declared,
                NextFireUtc = schedule.First(definition.Id, spec, now),
            }).ToList();
            try
            {
                var result = jobs.Reconcile(stored, declared);
                if (result.Changed)
                {
                    LogReconciled(logger, definition.Id, handler.Source, handler.Version, result.TriggersAdded, result.TriggersUpdated, result.TriggersRemoved);
                }
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                LogReconcileFailed(logger, e, definition.Id, handler.Source);
            }
        }
        // Once the jobs are in the store: the first run of each run-once job not in the ledger yet (#16).
        runOnce?.Queue(handlers);
    }

    [LoggerMessage(EventId = 400, Level = LogLevel.Information, Message = "Job {JobId} from {Source} (version {Version}) reconciled: {Added} trigger(s) added, {Updated} updated, {Removed} removed")]
    private static partial void LogReconciled(ILogger logger, string jobId, string source, string version, int added, int updated, int removed);

    [LoggerMessage(EventId = 401, Level = LogLevel.Error, Message = "Job {JobId} from {Source} could not be written to the store")]
    private static partial void LogReconcileFailed(ILogger logger, Exception error, string jobId, string source);
}
