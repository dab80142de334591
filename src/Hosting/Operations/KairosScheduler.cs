using System.Globalization;
using Kairos.Host.Catalog;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Backfill;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Explain;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations;

/// <summary>
/// The scheduler API (<see cref="IScheduler"/>), the one way in for an embedding app, plugin jobs, plugin startups,
/// scripts, the CLI and the control API. Each instance acts for one actor (<see cref="Actor"/>: <c>api</c>,
/// <c>job:ID</c>, <c>plugin:NAME</c>, <c>cli:USER</c>), which pauses record and events name; <see cref="As"/> gives
/// the same scheduler for another actor. Inside a host <c>hostStart</c> is set; the CLI working on a store
/// no host holds leaves it null, and on a cluster's database gives <c>clusterRunnable</c> (the job ids some
/// live host can run, null when no host is alive), which decides the jobs' state. A thin front over three sides: the
/// read side (<see cref="SchedulerReads"/>), what an actor changes about a job (<see cref="JobControls"/>) and what it
/// does to runs (<see cref="RunControls"/>); the two rules every action follows are kept here: it names a stored job
/// (<see cref="RequireJob"/>) and it is audited for this actor (<see cref="Record"/>).
/// </summary>
internal sealed partial class KairosScheduler : IScheduler
{
    /// <summary>The trigger key of runs queued by <see cref="TriggerAsync"/>.</summary>
    public const string ManualTrigger = "manual";

    /// <summary>The most runs in one page of <see cref="GetRunsAsync"/>.</summary>
    public const int MaxPage = 1000;

    /// <summary>The most instants one backfill covers; a wider range is refused (split it).</summary>
    public const int MaxBackfillFires = 10_000;

    private readonly Parts _parts;

    public KairosScheduler(JobLookup lookup, AuditTrail audit, SchedulerReads reads, JobControls jobs, RunControls runs, string actor = "api")
        : this(new Parts(lookup, audit, reads, jobs, runs), actor)
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
    public bool HostRunning => _parts.Reads.Reach.HostRunning;

    /// <summary>The job ids some live host of the cluster can run, when the CLI reads a cluster's database; else null.</summary>
    internal Func<IReadOnlySet<string>?>? ClusterRunnable => _parts.Reads.Reach.ClusterRunnable;

    /// <summary>This scheduler acting for <paramref name="actor"/>.</summary>
    public KairosScheduler As(string actor) => new(_parts, actor);

    // Reading jobs and runs.

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken = default) => _parts.Reads.Jobs.GetJobsAsync(cancellationToken);

    public Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default) => _parts.Reads.Jobs.GetJobAsync(jobId, cancellationToken);

    /// <inheritdoc cref="JobQueries.JobRows"/>
    internal IReadOnlyList<JobRow> JobRows(string? onlyJobId = null) => _parts.Reads.Jobs.JobRows(onlyJobId);

    public Task<RunPage> GetRunsAsync(RunQuery query, CancellationToken cancellationToken = default) => _parts.Reads.Runs.GetRunsAsync(query, cancellationToken);

    /// <inheritdoc cref="RunQueries.QueryRuns"/>
    internal (IReadOnlyList<RunRecord> Runs, string? NextPageToken) QueryRuns(RunQuery query) => _parts.Reads.Runs.QueryRuns(query);

    public Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default) => _parts.Reads.Runs.GetRunAsync(runId, cancellationToken);

    public Task<RunInfo> WaitForRunAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default) =>
        _parts.Reads.Runs.WaitForRunAsync(runId, timeout, cancellationToken);

    // The scheduler's state.

    public Task<SchedulerInfo> GetInfoAsync(CancellationToken cancellationToken = default) => Task.FromResult(_parts.Reads.State.Info(Running()));

    internal string NodeId => _parts.Reads.State.NodeId;

    internal static string? Version => SchedulerState.Version;

    internal string StoreKindWord => _parts.Reads.State.StoreKindWord;

    /// <summary>The LiteDB file's full path, or the PostgreSQL server and database (never the password).</summary>
    internal string StoreDescription => _parts.Reads.State.StoreDescription;

    internal DateTimeOffset? StartedUtc => _parts.Reads.Reach.StartedUtc;

    internal int StoredJobCount => _parts.Lookup.Count;

    internal IReadOnlyList<string> RunnableHere => _parts.Reads.Reach.RunnableHere;

    /// <summary>The runs in progress on every node.</summary>
    internal IReadOnlyList<RunRecord> Running() => _parts.Reads.Runs.Running();

    /// <summary>What the catalog and the host's parts report wrong.</summary>
    internal IEnumerable<SourceProblem> Problems() => _parts.Reads.State.Problems();

    /// <summary>The sections the host's parts add to <c>info</c> (plugins, scripts, nodes), each a snapshot taken now.</summary>
    internal IEnumerable<(string Section, object Snapshot)> Sections() => _parts.Reads.State.Sections();

    /// <inheritdoc cref="ExplainReader.Explain"/>
    /// <exception cref="JobNotFoundException">No such job.</exception>
    public ExplainView Explain(string jobId, DateTimeOffset? atUtc, string? triggerKey)
    {
        var job = RequireJob(jobId);
        return _parts.Reads.Explain.Explain(job, atUtc, triggerKey, _parts.Reads.State.Nodes(jobId));
    }

    // Acting: every action is audited for this actor.

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
        var (run, result) = _parts.RunControls.Queue.TriggerNow(RequireJob(jobId), dataJson, caller);
        Record(AuditActions.Trigger, jobId, run.Id, AuditDetail.Of(("data", dataJson)));
        return result;
    }

    public Task<string> ScheduleOnceAsync(string jobId, DateTimeOffset runAtUtc, string? dataJson = null, CancellationToken cancellationToken = default)
    {
        JsonText.CheckData(dataJson);
        var key = _parts.JobControls.Triggers.OnceKey();
        _parts.JobControls.Triggers.Upsert(jobId, [TriggerSpec.Once(key, runAtUtc) with { DataJson = dataJson }]);
        Record(AuditActions.ScheduleOnce, jobId, null, AuditDetail.Of(("trigger", key), ("at", AuditDetail.Instant(runAtUtc)), ("data", dataJson)));
        return Task.FromResult(key);
    }

    public Task UpsertTriggersAsync(string jobId, IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken = default)
    {
        _parts.JobControls.Triggers.Upsert(jobId, triggers);
        Record(AuditActions.UpsertTriggers, jobId, null, AuditDetail.Of(("triggers", string.Join(",", triggers.Select(t => t.Key)))));
        return Task.CompletedTask;
    }

    public Task<int> RemoveTriggersAsync(string jobId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default)
    {
        var removed = _parts.JobControls.Triggers.Remove(jobId, keys);
        Record(AuditActions.RemoveTriggers, jobId, null, AuditDetail.Of(("triggers", string.Join(",", keys)), ("removed", removed.ToString(CultureInfo.InvariantCulture))));
        return Task.FromResult(removed);
    }

    public Task PauseAsync(string jobId, string? reason = null, DateTimeOffset? untilUtc = null, CancellationToken cancellationToken = default)
    {
        var pause = _parts.JobControls.Switches.Pause(Actor, jobId, reason, untilUtc) ?? throw UnknownJob(jobId);
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
        if (!_parts.JobControls.Switches.Resume(Actor, jobId))
        {
            throw UnknownJob(jobId);
        }
        Record(AuditActions.Resume, jobId, null, null);
        return Task.CompletedTask;
    }

    /// <summary>
    /// Switches the job off by hand until <see cref="Enable"/>: kept in the store (across restarts and reconciles), its
    /// state <c>disabled</c> with the reason and who; no fire of it is claimed meanwhile (runs already running go on).
    /// </summary>
    public void Disable(string jobId, string? reason)
    {
        RequireJob(jobId);
        if (!_parts.JobControls.Switches.SetDisabled(jobId, new JobDisable(Actor, reason)))
        {
            throw UnknownJob(jobId);
        }
        _parts.JobControls.Switches.Changed();
        Record(AuditActions.Disable, jobId, null, AuditDetail.Of(("reason", reason)));
    }

    /// <summary>Clears an operator's <see cref="Disable"/>; configuration's <c>Kairos:Jobs:ID:Enabled=false</c> still holds.</summary>
    public void Enable(string jobId)
    {
        var job = RequireJob(jobId);
        if (job.DisabledBy is not null && !_parts.JobControls.Switches.SetDisabled(jobId, null))
        {
            throw UnknownJob(jobId);
        }
        _parts.JobControls.Switches.Changed();
        Record(AuditActions.Enable, jobId, null, job.DisabledBy is null ? "it was not disabled by an operator" : null);
    }

    /// <inheritdoc cref="RunCancel.Cancel"/>
    public RunRecord Cancel(string runId)
    {
        var run = _parts.RunControls.Cancel.Cancel(Actor, runId);
        Record(AuditActions.Cancel, run.JobId, runId, AuditDetail.Of(("node", run.Node)));
        return run;
    }

    /// <inheritdoc cref="RunRetry.Retry"/>
    public TriggerResult Retry(string runId)
    {
        var (run, retry, result) = _parts.RunControls.Retry.Retry(runId);
        Record(AuditActions.Retry, run.JobId, runId, AuditDetail.Of(("run", retry.Id), ("attempt", retry.Attempt.ToString(CultureInfo.InvariantCulture))));
        return result;
    }

    /// <inheritdoc cref="Backfiller.Backfill"/>
    /// <exception cref="JobNotFoundException">No such job.</exception>
    public BackfillView Backfill(string jobId, DateTimeOffset fromUtc, DateTimeOffset toUtc, string? triggerKey, int maxParallel, bool dryRun)
    {
        var (view, created) = _parts.JobControls.Backfill.Backfill(RequireJob(jobId), fromUtc, toUtc, triggerKey, maxParallel, dryRun);
        if (created is { } count)
        {
            Record(AuditActions.Backfill, jobId, null, AuditDetail.Of(
                ("trigger", view.TriggerKey), ("from", AuditDetail.Instant(fromUtc)), ("to", AuditDetail.Instant(toUtc)),
                ("max-parallel", maxParallel.ToString(CultureInfo.InvariantCulture)), ("created", count.ToString(CultureInfo.InvariantCulture))));
        }
        return view;
    }

    /// <inheritdoc cref="RunOnceControl.RunOnceEntries"/>
    public IReadOnlyList<RunOnceView> RunOnceEntries() => _parts.RunControls.RunOnce.RunOnceEntries();

    /// <inheritdoc cref="RunOnceControl.RerunOnce"/>
    public TriggerResult RerunOnce(string key)
    {
        var (entry, result) = _parts.RunControls.RunOnce.RerunOnce(Actor, key);
        Record(AuditActions.RunOnceRerun, entry.JobId, result.RunId, AuditDetail.Of(("key", key), ("previous", entry.RunId)));
        return result;
    }

    /// <summary>
    /// One page of the audit trail, newest first: at most <paramref name="limit"/> entries (1 to <see cref="MaxPage"/>) of
    /// <paramref name="jobId"/> (null: all) after the page <paramref name="pageToken"/> names, and the next page's token.
    /// A job id the store has neither as a job nor in the trail is refused (a typo would look like a quiet job).
    /// </summary>
    public (IReadOnlyList<AuditEntry> Entries, string? NextPageToken) AuditPage(string? jobId, int limit, string? pageToken = null)
    {
        if (limit is < 1 or > MaxPage)
        {
            throw new ArgumentException($"limit {limit} is invalid: expected 1 to {MaxPage}", nameof(limit));
        }
        var before = pageToken is null ? null : PageToken.AuditIdOf(pageToken);
        var found = _parts.Audit.Page(jobId, before, limit + 1);
        if (found.Count == 0 && before is null && jobId is not null && !_parts.Lookup.Exists(jobId))
        {
            throw UnknownJob(jobId);
        }
        return found.Count > limit
            ? ([.. found.Take(limit)], PageToken.ForAudit(found[limit - 1].Id))
            : (found, null);
    }

    /// <summary>Appends an entry for an action this actor took, now, to the audit trail.</summary>
    internal void Record(string action, string? jobId, string? runId, string? detail) => _parts.Audit.Record(Actor, action, jobId, runId, detail);

    /// <summary>The stored job, or a <see cref="JobNotFoundException"/> that lists the known ids.</summary>
    internal StoredJob RequireJob(string jobId) => _parts.Lookup.Require(jobId);

    internal JobNotFoundException UnknownJob(string jobId) => _parts.Lookup.Unknown(jobId);

    /// <summary>
    /// What every actor's instance shares: the two rules of the front (an action names a stored job, and is audited for
    /// its actor), the read side, and the job and run controls.
    /// </summary>
    private sealed record Parts(JobLookup Lookup, AuditTrail Audit, SchedulerReads Reads, JobControls JobControls, RunControls RunControls);
}
