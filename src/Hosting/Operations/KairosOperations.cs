using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Text;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations;

/// <summary>
/// What the CLI verbs do, in one place: used inside a running host (behind the loopback control API) and by the
/// CLI itself when no host holds the store (<paramref name="hostStart"/> null). <c>clusterRunnable</c>, given when the
/// CLI reads a cluster's database directly, answers the job ids some live host can run (null when no host is alive):
/// it decides the jobs' state.
/// </summary>
internal sealed class KairosOperations(
    ICatalogStore jobs,
    IRunRecorder recorder,
    IRunHistory runs,
    JobCatalog catalog,
    SchedulerSignal signal,
    TimeProvider time,
    IOptions<KairosOptions> options,
    IEnumerable<IInfoContributor> contributors,
    HostStartTime? hostStart,
    Func<IReadOnlySet<string>?>? clusterRunnable = null)
{
    private bool HostRunning => hostStart is not null;

    public IReadOnlyList<JobView> Jobs()
    {
        var snapshot = catalog.Current;
        var stored = jobs.GetJobs();
        var allTriggers = jobs.GetTriggers().ToLookup(t => t.JobId);
        var problems = snapshot.Problems.Where(p => p.JobId is not null).ToLookup(p => p.JobId!);
        // Problems that do not stop a job (a leaked plugin version) are listed with it but leave its state alone.
        var notices = contributors.SelectMany(c => c.Problems()).Where(p => p.JobId is not null).ToLookup(p => p.JobId!);
        var cluster = clusterRunnable?.Invoke();
        var views = new List<JobView>();
        foreach (var job in stored)
        {
            var jobTriggers = allTriggers[job.Id].OrderBy(t => t.Spec.Key, StringComparer.Ordinal).ToList();
            var jobProblems = problems[job.Id].Select(p => p.Message).ToList();
            var runnable = snapshot.Handlers.TryGetValue(job.Id, out var handler);
            var state = job.DisabledReason is not null ? JobState.Disabled
                : job.Paused ? JobState.Paused
                : cluster is not null ? (cluster.Contains(job.Id) ? JobState.Active : JobState.Orphaned)
                : !HostRunning ? JobState.Stopped
                : jobProblems.Count > 0 ? JobState.Broken
                : runnable ? JobState.Active
                : JobState.Orphaned;
            // The job's schedule is the one its next fire belongs to (the first trigger's when none will fire).
            var next = jobTriggers.Where(t => t.NextFireUtc is not null).MinBy(t => t.NextFireUtc) ?? jobTriggers.FirstOrDefault();
            views.Add(new JobView(
                job.Id, job.Description, handler?.Source ?? job.Source,
                next is null ? null : Describe(next.Spec),
                next?.Spec.TimeZone ?? "UTC",
                next?.NextFireUtc,
                state, handler?.Version ?? job.Version, job.PauseReason,
                jobTriggers.Select(t => View(t, handler)).ToList(),
                [.. jobProblems, .. notices[job.Id].Select(p => p.Message)])
            {
                NextTrigger = next?.Spec.Key,
                DisabledReason = job.DisabledReason,
                OverriddenBy = handler?.Effective.Policies.Select(p => new SettingOverrideView(p.Key, p.Declared, p.Value)).ToList() ?? [],
            });
        }
        // A job that a source declares but could never load (a script that has not compiled yet, a plugin job refused at
        // load) has no stored record: it is listed from its problems, so that `jobs` shows it broken rather than not at all.
        var storedIds = stored.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var unstored in problems.Where(p => !storedIds.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            views.Add(new JobView(
                unstored.Key, "", unstored.First().Source, null, "UTC", null, HostRunning ? JobState.Broken : JobState.Stopped, null, null, [],
                unstored.Select(p => p.Message).ToList()));
        }
        return views.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The newest runs, of one job or all. A job id that the store neither has as a job nor in its history is refused
    /// (a typo would otherwise look like a job that never ran); the history of a removed job is still shown.
    /// </summary>
    public IReadOnlyList<RunView> History(string? jobId, string? status, int limit)
    {
        RunStatus? wanted = null;
        if (status is not null)
        {
            wanted = KebabCase.TryParse<RunStatus>(status, out var parsed)
                ? parsed
                : throw new OperationException($"unknown status '{status}': expected one of {string.Join(", ", KebabCase.Words<RunStatus>())}");
        }
        if (limit < 1)
        {
            throw new OperationException($"limit {limit} is invalid: expected a positive number");
        }
        var found = runs.Query(jobId, wanted, limit);
        if (found.Count == 0 && jobId is not null && jobs.GetJob(jobId) is null && runs.Query(jobId, null, 1).Count == 0)
        {
            throw UnknownJob(jobId);
        }
        return found.Select(RunView.From).ToList();
    }

    public IReadOnlyDictionary<string, object?> Info()
    {
        var info = new Dictionary<string, object?>
        {
            ["version"] = typeof(KairosOperations).Assembly.GetName().Version?.ToString(),
            ["node"] = options.Value.EffectiveNodeId,
            ["store"] = options.Value.UsesPostgres
                ? PostgresStore.DescribeConnection(options.Value.ConnectionString)
                : Path.GetFullPath(options.Value.DatabasePath),
            ["storeKind"] = (options.Value.UsesPostgres ? StoreKind.Postgres : StoreKind.LiteDb).Word(),
            ["hostRunning"] = HostRunning,
            ["startedUtc"] = hostStart?.Utc,
            ["jobs"] = jobs.GetJobs().Count,
            ["runnableJobs"] = catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal).ToList(),
            ["running"] = runs.Query(null, RunStatus.Running, 1000).Select(RunView.From).ToList(),
            ["problems"] = catalog.Current.Problems.Concat(contributors.SelectMany(c => c.Problems()))
                .Select(p => new { p.Source, p.JobId, p.Message }).ToList(),
        };
        foreach (var contributor in contributors)
        {
            info[contributor.Section] = contributor.Snapshot();
        }
        return info;
    }

    /// <summary>Queues a run of the job now (trigger key <c>manual</c>); returns its run id, and why it waits if no host will start it now.</summary>
    public TriggerResult Trigger(string jobId)
    {
        var job = jobs.GetJob(jobId) ?? throw UnknownJob(jobId);
        var now = time.GetUtcNow();
        var run = new RunRecord
        {
            Id = RunIds.New(now),
            JobId = jobId,
            TriggerKey = "manual",
            ConcurrencyKey = job.Policies.ConcurrencyKey(jobId, "manual"),
            ScheduledUtc = now,
            NotBeforeUtc = now,
            Status = RunStatus.Pending,
            Priority = int.MaxValue / 2,
        };
        recorder.Insert([run]);
        signal.PendingAdded();
        return new TriggerResult(run.Id, WhyItWaits(jobId));
    }

    /// <summary>Null when a running host can start a run of the job now; else why not, and what will start it.</summary>
    private string? WhyItWaits(string jobId)
    {
        if (clusterRunnable is not null)
        {
            return clusterRunnable() switch
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
        return catalog.Current.RunnableJobIds.Contains(jobId)
            ? null
            : $"no loaded plugin or script declares job '{jobId}' now: the run waits until one does";
    }

    public void Pause(string jobId, string? reason)
    {
        if (!jobs.SetPaused(jobId, new JobPause(reason, "cli"), time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        signal.Wake();
    }

    public void Resume(string jobId)
    {
        if (!jobs.SetPaused(jobId, null, time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        signal.Wake();
    }

    /// <summary>
    /// Removes an orphaned job: one that no loaded source declares any more (its plugin or script is gone). A job that a
    /// source still declares, even one that does not load, is refused: it would be reconciled back at once. The history
    /// is kept (<see cref="RemovalView.Keep"/>) or deleted (<see cref="RemovalView.Delete"/>).
    /// </summary>
    public RemovalView Remove(string jobId, string history)
    {
        if (history is not (RemovalView.Keep or RemovalView.Delete))
        {
            throw new OperationException($"history '{history}' is invalid: expected {RemovalView.Keep} or {RemovalView.Delete}");
        }
        _ = jobs.GetJob(jobId) ?? throw UnknownJob(jobId);
        if (DeclaredBy(jobId) is { } declarer)
        {
            throw new OperationException(
                $"job '{jobId}' is not orphaned: {declarer}; 'kairos remove' removes only jobs that no plugin or script declares any more (delete its plugin or script first)");
        }
        if (runs.Query(jobId, RunStatus.Running, 1) is [var running])
        {
            throw new OperationException($"job '{jobId}' has a run in progress ({running.Id}): wait for it to end, then remove the job");
        }
        var removed = jobs.RemoveJob(jobId, history == RemovalView.Delete) ?? throw UnknownJob(jobId);
        signal.Wake();
        return new RemovalView(jobId, history, removed.TriggersRemoved, removed.OpenRunsRemoved, removed.HistoryRemoved);
    }

    /// <summary>Who still declares the job, as a phrase; null when it is orphaned as far as this process can know.</summary>
    private string? DeclaredBy(string jobId)
    {
        if (clusterRunnable is not null)
        {
            return clusterRunnable()?.Contains(jobId) == true ? "a running host of the cluster runs it" : null;
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

    private OperationException UnknownJob(string jobId)
    {
        var known = jobs.GetJobs().Select(j => j.Id).ToList();
        return new OperationException(known.Count == 0
            ? $"unknown job '{jobId}': the store has no jobs yet"
            : $"unknown job '{jobId}': expected one of {string.Join(", ", known)}");
    }

    /// <summary>
    /// A stored trigger, with what configuration changed in it when this host's handler of the job knows (the declared
    /// trigger is kept in the host, not in the store: a CLI that reads the store with no host running shows the trigger in force only).
    /// </summary>
    private static TriggerView View(StoredTrigger trigger, JobHandler? handler)
    {
        var spec = trigger.Spec;
        var overridden = trigger.Origin == TriggerOrigin.Declared && handler is not null
            && handler.Effective.Triggers.TryGetValue(spec.Key, out var o) ? o : null;
        return new TriggerView(spec.Key, Describe(spec), spec.TimeZone, trigger.Origin, trigger.NextFireUtc, trigger.LastFireUtc, spec.Misfire.Word(), spec.DataJson)
        {
            Declared = overridden is null ? null
                : new DeclaredTriggerView(Describe(overridden.Declared), overridden.Declared.TimeZone, overridden.Declared.Misfire.Word(), overridden.Declared.Priority),
            OverriddenBy = overridden?.Key,
            DeclaredSpec = overridden?.Declared,
        };
    }

    internal static string Describe(TriggerSpec spec) => spec.Kind switch
    {
        TriggerKind.Cron => spec.CronExpression!,
        TriggerKind.Interval => $"every {spec.Period}",
        _ => $"once at {spec.RunAtUtc:O}",
    };
}
