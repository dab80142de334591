using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Backfill;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Explain;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Operations.Statistics;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
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
        return new LocalOperationsClient(store, Operations(store, store, store, store, store, new JobCatalog(), options, [], clusterRunnable: null));
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
        return new LocalOperationsClient(store, Operations(store, store, store, store, store, catalog, options, [nodes], clusterRunnable: () =>
        {
            var alive = store.GetNodes().Where(n => n.Alive).ToList();
            return alive.Count == 0 ? null : alive.SelectMany(n => n.RunnableJobIds).ToHashSet(StringComparer.Ordinal);
        }));
    }

    /// <summary>
    /// The scheduler API on the store with no host (no start time): acting for this user (<c>cli:USER</c>), its events
    /// dropped (no listener runs in the CLI), waits polled.
    /// </summary>
    private static KairosOperations Operations(
        ICatalogStore jobs, IRunRecorder recorder, IRunHistory runs, ILeaseStore leases, IAuditLog audit, JobCatalog catalog, IOptions<KairosOptions> options,
        IEnumerable<IInfoContributor> contributors, Func<IReadOnlySet<string>?>? clusterRunnable)
    {
        var signal = new SchedulerSignal();
        var schedule = new TriggerSchedule();
        var time = TimeProvider.System;
        var lookup = new JobLookup(jobs);
        var reach = new HostReach(catalog, hostStart: null, clusterRunnable);
        var queue = new RunQueue(recorder, signal, reach, time);
        var trail = new AuditTrail(audit, time);
        var reads = new SchedulerReads(
            new JobQueries(jobs, runs, catalog, contributors, reach), new RunQueries(runs, lookup, new RunEndSignal(), time),
            new SchedulerState(options, contributors, catalog, reach, time),
            new ExplainReader(jobs, runs, trail, schedule, time), reach);
        var jobControls = new JobControls(
            new TriggerControl(jobs, lookup, signal, schedule, time), new JobSwitches(jobs, signal, new NoListeners(), time, options),
            new Backfiller(jobs, schedule, signal, time, recorder as IBackfillStore));
        var runControls = new RunControls(
            queue, new RunCancel(runs, leases, time), new RunRetry(runs, lookup, queue, time),
            new RunOnceControl(runs, lookup, queue, time, recorder as IRunOnceLedger));
        var scheduler = new KairosScheduler(lookup, trail, reads, jobControls, runControls, actor: CliActor);
        return new KairosOperations(scheduler, runs, TimeProvider.System,
            new RunStatistics(runs, jobs, schedule, TimeProvider.System), new OrphanRemoval(jobs, runs, catalog, signal));
    }

    /// <summary>Who the CLI acts for: <c>cli:USER</c>, recorded with a pause.</summary>
    public static string CliActor => "cli:" + Environment.UserName;

    public Task<string> JobsAsync(CancellationToken cancellationToken) => Json(_operations.Jobs());

    public Task<string> HistoryAsync(HistoryRequest request, CancellationToken cancellationToken) =>
        Json(_operations.History(request.JobId, request.Status, request.Limit, request.TriggerKey, request.From, request.To));

    public Task<string> RunAsync(string runId, CancellationToken cancellationToken) => Json(_operations.Run(runId));

    public Task<string> InfoAsync(CancellationToken cancellationToken) => Json(_operations.Info());

    public Task<string> StatsAsync(string? jobId, string? since, CancellationToken cancellationToken) => Json(_operations.Stats(jobId, since));

    public Task<string> TriggerAsync(string jobId, string? dataJson, CancellationToken cancellationToken) => Json(_operations.Trigger(jobId, dataJson));

    public Task<string> PauseAsync(string jobId, string? reason, string? until, CancellationToken cancellationToken)
    {
        _operations.Pause(jobId, reason, until);
        return Json(new { ok = true });
    }

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken)
    {
        _operations.Resume(jobId);
        return Json(new { ok = true });
    }

    public Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken) => Json(_operations.Remove(jobId, history));

    public Task<string> CancelAsync(string runId, CancellationToken cancellationToken)
    {
        _operations.Cancel(runId);
        return Json(new { ok = true });
    }

    public Task<string> RetryAsync(string runId, CancellationToken cancellationToken) => Json(_operations.Retry(runId));

    public Task<string> BackfillAsync(BackfillRequest request, CancellationToken cancellationToken) =>
        Json(_operations.Backfill(request.JobId, request.From, request.To, request.TriggerKey, request.MaxParallel, request.DryRun));

    public Task<string> RunOnceListAsync(CancellationToken cancellationToken) => Json(_operations.RunOnce());

    public Task<string> RunOnceRerunAsync(string key, CancellationToken cancellationToken) => Json(_operations.RerunOnce(key));

    public Task<string> DisableAsync(string jobId, string? reason, CancellationToken cancellationToken)
    {
        _operations.Disable(jobId, reason);
        return Json(new { ok = true });
    }

    public Task<string> EnableAsync(string jobId, CancellationToken cancellationToken)
    {
        _operations.Enable(jobId);
        return Json(new { ok = true });
    }

    /// <summary>A page of the trail at a time until <paramref name="limit"/> entries.</summary>
    public Task<string> AuditAsync(string? jobId, int limit, CancellationToken cancellationToken)
    {
        var entries = new List<AuditView>();
        string? page = null;
        do
        {
            var answer = _operations.Audit(jobId, limit - entries.Count, page);
            entries.AddRange(answer.Entries);
            page = answer.NextPage;
        }
        while (page is not null && entries.Count < limit);
        return Json(entries);
    }

    public Task<string> ExplainAsync(string jobId, string? at, string? trigger, CancellationToken cancellationToken) =>
        Json(_operations.Explain(jobId, at, trigger));

    public void Dispose() => _store.Dispose();

    private static Task<string> Json<T>(T value) => Task.FromResult(JsonOutput.Serialize(value));

    /// <summary>No listener runs in the CLI: what the scheduler reports here goes nowhere.</summary>
    private sealed class NoListeners : IEventSink
    {
        public bool HasListeners => false;

        public void Publish(SchedulerEvent e)
        {
        }
    }
}
