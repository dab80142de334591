using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Postgres;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations;

/// <summary>
/// What the CLI verbs do, in one place: used inside a running host (behind the loopback control API) and by the
/// CLI itself when no host holds the store. <c>clusterRunnable</c>, given when the CLI reads a cluster's database
/// directly, answers the job ids some live host can run (null when no host is alive): it decides the jobs' state.
/// </summary>
internal sealed class KairosOperations(
    IJobStore jobs,
    ITriggerStore triggers,
    IRunStore runs,
    JobCatalog catalog,
    SchedulerSignal signal,
    TimeProvider time,
    IOptions<KairosOptions> options,
    IEnumerable<IInfoContributor> contributors,
    bool hostRunning = true,
    Func<IReadOnlySet<string>?>? clusterRunnable = null)
{
    private readonly DateTimeOffset _startedUtc = time.GetUtcNow();

    public IReadOnlyList<JobView> Jobs()
    {
        var snapshot = catalog.Current;
        var stored = jobs.GetJobs();
        var allTriggers = triggers.GetTriggers().ToLookup(t => t.JobId);
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
            var state = job.Paused ? "paused"
                : cluster is not null ? (cluster.Contains(job.Id) ? "active" : "orphaned")
                : !hostRunning ? "stopped"
                : jobProblems.Count > 0 ? "broken"
                : runnable ? "active"
                : "orphaned";
            var first = jobTriggers.FirstOrDefault();
            views.Add(new JobView(
                job.Id, job.Description, handler?.Source ?? job.Source,
                first is null ? null : Describe(first.Spec),
                first?.Spec.TimeZone ?? "UTC",
                jobTriggers.Select(t => t.NextFireUtc).Where(n => n is not null).Min(),
                state, handler?.Version ?? job.Version, job.PauseReason,
                jobTriggers.Select(t => new TriggerView(t.Spec.Key, Describe(t.Spec), t.Spec.TimeZone, t.Origin, t.NextFireUtc, t.LastFireUtc, t.Spec.Misfire.ToString(), t.Spec.DataJson)).ToList(),
                [.. jobProblems, .. notices[job.Id].Select(p => p.Message)]));
        }
        // A job that a source declares but could never load (a script that has not compiled yet) has no stored
        // record: it is listed from its problems, so that `jobs` shows it broken rather than not at all.
        var storedIds = stored.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var unstored in problems.Where(p => !storedIds.Contains(p.Key)).OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            views.Add(new JobView(
                unstored.Key, "", unstored.First().Source, null, "UTC", null, hostRunning ? "broken" : "stopped", null, null, [],
                unstored.Select(p => p.Message).ToList()));
        }
        return views.OrderBy(v => v.Id, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<RunView> History(string? jobId, string? status, int limit)
    {
        if (status is not null && !RunStatus.All.Contains(status))
        {
            throw new OperationException($"unknown status '{status}': expected one of {string.Join(", ", RunStatus.All)}");
        }
        if (limit < 1)
        {
            throw new OperationException($"limit {limit} is invalid: expected a positive number");
        }
        return runs.Query(jobId, status, limit).Select(RunView.From).ToList();
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
            ["storeKind"] = options.Value.UsesPostgres ? "postgres" : "litedb",
            ["hostRunning"] = hostRunning,
            ["startedUtc"] = hostRunning ? _startedUtc : null,
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

    /// <summary>Queues a run of the job now (trigger key <c>manual</c>); returns its run id.</summary>
    public string Trigger(string jobId)
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
        runs.Insert([run]);
        signal.PendingAdded();
        return run.Id;
    }

    public void Pause(string jobId, string? reason)
    {
        if (!jobs.SetPaused(jobId, true, reason, time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        signal.Wake();
    }

    public void Resume(string jobId)
    {
        if (!jobs.SetPaused(jobId, false, null, time.GetUtcNow()))
        {
            throw UnknownJob(jobId);
        }
        signal.Wake();
    }

    private OperationException UnknownJob(string jobId)
    {
        var known = jobs.GetJobs().Select(j => j.Id).ToList();
        return new OperationException(known.Count == 0
            ? $"unknown job '{jobId}': the store has no jobs yet"
            : $"unknown job '{jobId}': expected one of {string.Join(", ", known)}");
    }

    internal static string Describe(TriggerSpec spec) => spec.Kind switch
    {
        TriggerKind.Cron => spec.CronExpression!,
        TriggerKind.Interval => $"every {spec.Period}",
        _ => $"once at {spec.RunAtUtc:O}",
    };
}
