using Kairos.Host.Operations;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Cli;

/// <summary>The CLI working on a store itself, with no host in between: a LiteDB file no host holds, or a cluster's PostgreSQL database.</summary>
internal sealed class LocalOperationsClient : IOperationsClient
{
    private readonly IDisposable _store;
    private readonly KairosOperations _operations;

    private LocalOperationsClient(IDisposable store, KairosOperations operations)
    {
        _store = store;
        _operations = operations;
    }

    /// <summary>Opens the store file, holding its lock so no host can start meanwhile; only when no host runs on it.</summary>
    public static LocalOperationsClient OpenLiteDb(string databasePath)
    {
        var store = new LiteDbStore(databasePath);
        var options = Options.Create(new KairosOptions { DatabasePath = databasePath });
        return new LocalOperationsClient(store,
            new KairosOperations(store, store, store, new JobCatalog(), new SchedulerSignal(), TimeProvider.System, options, [], hostStart: null));
    }

    /// <summary>
    /// Opens a cluster's PostgreSQL database directly: it is shared, so hosts may run meanwhile. The CLI is no member of
    /// the cluster (it registers no node and heartbeats nothing); a manual trigger is a pending run that a host picks up
    /// on its next housekeeping tick, within about a second. The schema must be this version's; the CLI never migrates it.
    /// </summary>
    public static LocalOperationsClient OpenPostgres(KairosOptions settings, ClusterOptions cluster)
    {
        var store = new PostgresStore(settings.ConnectionString ?? "", "cli:" + settings.EffectiveNodeId, cluster.NodeTimeout);
        try
        {
            store.OpenExisting();
        }
        catch
        {
            store.Dispose();
            throw;
        }
        var options = Options.Create(settings);
        var catalog = new JobCatalog();
        var nodes = new NodesInfoContributor(() => store, store, new RunnableJobs(catalog), TimeProvider.System, options, hostStart: null);
        return new LocalOperationsClient(store, new KairosOperations(
            store, store, store, catalog, new SchedulerSignal(), TimeProvider.System, options, [nodes], hostStart: null,
            clusterRunnable: () =>
            {
                var alive = store.GetNodes().Where(n => n.Alive).ToList();
                return alive.Count == 0 ? null : alive.SelectMany(n => n.RunnableJobIds).ToHashSet(StringComparer.Ordinal);
            }));
    }

    public Task<string> JobsAsync(CancellationToken cancellationToken) => Json(_operations.Jobs());

    public Task<string> HistoryAsync(string? jobId, string? status, int limit, CancellationToken cancellationToken) =>
        Json(_operations.History(jobId, status, limit));

    public Task<string> InfoAsync(CancellationToken cancellationToken) => Json(_operations.Info());

    public Task<string> TriggerAsync(string jobId, CancellationToken cancellationToken) => Json(_operations.Trigger(jobId));

    public Task<string> PauseAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        _operations.Pause(jobId, reason);
        return Json(new { ok = true });
    }

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        _operations.Resume(jobId);
        return Json(new { ok = true });
    }

    public Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken) => Json(_operations.Remove(jobId, history));

    public void Dispose() => _store.Dispose();

    private static Task<string> Json<T>(T value) => Task.FromResult(JsonOutput.Serialize(value));
}
