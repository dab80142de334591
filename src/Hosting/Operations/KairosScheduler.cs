using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Kairos.Host.Text;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations;

/// <summary>
/// The scheduler API (<see cref="IScheduler"/>), the one way in for an embedding app, plugin jobs, plugin startups,
/// scripts, the CLI and the control API. Each instance acts for one actor (<see cref="Actor"/>: <c>api</c>,
/// <c>job:ID</c>, <c>plugin:NAME</c>, <c>cli:USER</c>), which pauses record and events name; <see cref="As"/> gives
/// the same scheduler for another actor. Inside a host <c>hostStart</c> is set; the CLI working on a store
/// no host holds leaves it null, and on a cluster's database gives <c>clusterRunnable</c> (the job ids some
/// live host can run, null when no host is alive), which decides the jobs' state.
/// </summary>
internal sealed partial class KairosScheduler : IScheduler
{
    /// <summary>The trigger key of runs queued by <see cref="TriggerAsync"/>.</summary>
    public const string ManualTrigger = "manual";

    /// <summary>The most runs in one page of <see cref="GetRunsAsync"/>.</summary>
    public const int MaxPage = 1000;

    private readonly Parts _parts;

    public KairosScheduler(
        ICatalogStore jobs,
        IRunRecorder recorder,
        IRunHistory runs,
        JobCatalog catalog,
        SchedulerSignal signal,
        TriggerSchedule schedule,
        TimeProvider time,
        IOptions<KairosOptions> options,
        IEnumerable<IInfoContributor> contributors,
        IEventSink events,
        RunEndSignal ended,
        ILeaseStore leases,
        IAuditLog audit,
        HostStartTime? hostStart = null,
        Func<IReadOnlySet<string>?>? clusterRunnable = null,
        string actor = "api",
        ExecutingRuns? executing = null,
        IBackfillStore? backfills = null,
        IRunOnceLedger? runOnce = null)
        : this(new Parts(jobs, recorder, runs, catalog, signal, schedule, time, options.Value, [.. contributors], events, ended, hostStart, clusterRunnable)
        {
            Leases = leases, Audit = audit, Executing = executing, Backfills = backfills, RunOnce = runOnce,
        }, actor)
    {
    }

    private KairosScheduler(Parts parts, string actor)
    {
        _parts = parts;
        Actor = actor;
    }

    /// <summary>Who this instance acts for: recorded with a pause, named in events.</summary>
    public string Actor { get; }

    /// <summary>Whether a host runs here (false for the CLI on a store no host holds or on a cluster's database).</summary>
    public bool HostRunning => _parts.HostStart is not null;

    /// <summary>The job ids some live host of the cluster can run, when the CLI reads a cluster's database; else null.</summary>
    internal Func<IReadOnlySet<string>?>? ClusterRunnable => _parts.ClusterRunnable;

    /// <summary>This scheduler acting for <paramref name="actor"/>.</summary>
    public KairosScheduler As(string actor) => new(_parts, actor);

    public Task<string> TriggerAsync(string jobId, string? dataJson = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(Trigger(jobId, dataJson).RunId);

    /// <summary>
    /// Queues a run of the job now (trigger key <c>manual</c>): its run id, and why it waits if no host will start it now.
    /// The run's span is a child of <see cref="System.Diagnostics.Activity.Current"/>, else of <paramref name="caller"/>
    /// (the trace context an HTTP request carried).
    /// </summary>
    public TriggerResult Trigger(string jobId, string? dataJson, (string? TraceParent, string? TraceState) caller = default)
    {
        JsonText.CheckData(dataJson);
        var job = RequireJob(jobId);
        var now = _parts.Time.GetUtcNow();
        var (traceParent, traceState) = TraceContext.Current() is { TraceParent: not null } current ? current : caller;
        var run = RunRecord.QueuedNow(jobId, ManualTrigger, job.Policies, now, RunOrigin.Trigger) with
        {
            DataJson = dataJson, TraceParent = traceParent, TraceState = traceState,
        };
        _parts.Recorder.Insert([run]);
        _parts.Signal.PendingAdded();
        Record(AuditActions.Trigger, jobId, run.Id, AuditDetail.Of(("data", dataJson)));
        return new TriggerResult(run.Id, WhyItWaits(jobId));
    }

    public Task<string> ScheduleOnceAsync(string jobId, DateTimeOffset runAtUtc, string? dataJson = null, CancellationToken cancellationToken = default)
    {
        JsonText.CheckData(dataJson);
        var key = "once-" + RunIds.New(_parts.Time.GetUtcNow());
        Upsert(jobId, [TriggerSpec.Once(key, runAtUtc) with { DataJson = dataJson }]);
        Record(AuditActions.ScheduleOnce, jobId, null, AuditDetail.Of(("trigger", key), ("at", AuditDetail.Instant(runAtUtc)), ("data", dataJson)));
        return Task.FromResult(key);
    }

    public Task UpsertTriggersAsync(string jobId, IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken = default)
    {
        Upsert(jobId, triggers);
        Record(AuditActions.UpsertTriggers, jobId, null, AuditDetail.Of(("triggers", string.Join(",", triggers.Select(t => t.Key)))));
        return Task.CompletedTask;
    }

    private void Upsert(string jobId, IReadOnlyCollection<TriggerSpec> triggers)
    {
        ArgumentNullException.ThrowIfNull(triggers);
        RequireJob(jobId);
        var stored = DynamicTriggers.Prepare(jobId, triggers, _parts.Schedule, _parts.Time.GetUtcNow());
        if (stored.Count > 0)
        {
            _parts.Jobs.UpsertTriggers(stored);
            _parts.Signal.Wake();
        }
    }

    public Task<int> RemoveTriggersAsync(string jobId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(keys);
        RequireJob(jobId);
        var removed = keys.Distinct(StringComparer.Ordinal).Count(key => _parts.Jobs.RemoveTrigger(jobId, key));
        if (removed > 0)
        {
            _parts.Signal.Wake();
        }
        Record(AuditActions.RemoveTriggers, jobId, null, AuditDetail.Of(("triggers", string.Join(",", keys)), ("removed", removed.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        return Task.FromResult(removed);
    }

    public Task PauseAsync(string jobId, string? reason = null, DateTimeOffset? untilUtc = null, CancellationToken cancellationToken = default)
    {
        var now = _parts.Time.GetUtcNow();
        if (untilUtc is { } until && until <= now)
        {
            throw new ArgumentException(
                $"pause until {until.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'} is not in the future (now is {now.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'}): expected a later instant, or none to pause until resumed",
                nameof(untilUtc));
        }
        var pause = new JobPause(reason, Actor, StoreInstants.Milliseconds(untilUtc));
        if (!_parts.Jobs.SetPaused(jobId, pause, now))
        {
            throw UnknownJob(jobId);
        }
        _parts.Signal.Wake();
        _parts.Events.Publish(new JobPausedEvent
        {
            JobId = jobId, OccurredUtc = now, Node = _parts.Options.EffectiveNodeId, By = Actor, Reason = reason, UntilUtc = pause.UntilUtc,
        });
        Record(AuditActions.Pause, jobId, null, AuditDetail.Of(("reason", reason), ("until", AuditDetail.Instant(pause.UntilUtc))));
        return Task.CompletedTask;
    }

    public Task ResumeAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = RequireJob(jobId);
        if (!job.Paused)
        {
            Record(AuditActions.Resume, jobId, null, "it was not paused");
            return Task.CompletedTask;
        }
        var now = _parts.Time.GetUtcNow();
        if (!_parts.Jobs.SetPaused(jobId, null, now))
        {
            throw UnknownJob(jobId);
        }
        _parts.Signal.Wake();
        _parts.Events.Publish(new JobResumedEvent { JobId = jobId, OccurredUtc = now, Node = _parts.Options.EffectiveNodeId, By = Actor });
        Record(AuditActions.Resume, jobId, null, null);
        return Task.CompletedTask;
    }

    /// <summary>Null when a running host can start a run of the job now; else why not, and what will start it.</summary>
    private string? WhyItWaits(string jobId)
    {
        if (_parts.ClusterRunnable is { } cluster)
        {
            return cluster() switch
            {
                null => "no host of the cluster is running: the run starts when one that has the job starts ('kairos run')",
                var runnable when !runnable.Contains(jobId) => $"no running host of the cluster has job '{jobId}': the run starts when one that has it starts",
                _ => null,
            };
        }
        if (!HostRunning)
        {
            return "no host is running on this store: the run starts when one starts ('kairos run')";
        }
        return _parts.Catalog.Current.RunnableJobIds.Contains(jobId)
            ? null
            : $"no loaded plugin or script declares job '{jobId}' now: the run waits until one does";
    }

    /// <summary>The stored job, or a <see cref="JobNotFoundException"/> that lists the known ids.</summary>
    internal StoredJob RequireJob(string jobId)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        return _parts.Jobs.GetJob(jobId) ?? throw UnknownJob(jobId);
    }

    internal JobNotFoundException UnknownJob(string jobId)
    {
        var known = _parts.Jobs.GetJobs().Select(j => j.Id).ToList();
        return new JobNotFoundException(jobId, known.Count == 0
            ? $"unknown job '{jobId}': the store has no jobs yet"
            : $"unknown job '{jobId}': expected one of {string.Join(", ", known)}");
    }


    /// <summary>What every actor's instance shares.</summary>
    private sealed record Parts(
        ICatalogStore Jobs,
        IRunRecorder Recorder,
        IRunHistory Runs,
        JobCatalog Catalog,
        SchedulerSignal Signal,
        TriggerSchedule Schedule,
        TimeProvider Time,
        KairosOptions Options,
        IReadOnlyList<IInfoContributor> Contributors,
        IEventSink Events,
        RunEndSignal Ended,
        HostStartTime? HostStart,
        Func<IReadOnlySet<string>?>? ClusterRunnable)
    {
        public required ILeaseStore Leases { get; init; }

        public required IAuditLog Audit { get; init; }

        /// <summary>The runs executing in this process; null where no host runs (the CLI on a store).</summary>
        public ExecutingRuns? Executing { get; init; }

        /// <summary>The store's backfill role (#16); null where a caller built the scheduler without it.</summary>
        public IBackfillStore? Backfills { get; init; }

        /// <summary>The store's run-once ledger (#16); null where a caller built the scheduler without it.</summary>
        public IRunOnceLedger? RunOnce { get; init; }

        public AuditIds AuditIds { get; } = new();
    }
}
