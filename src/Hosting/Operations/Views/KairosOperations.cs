using System.Globalization;
using Kairos.Host.Catalog;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Queries;
using Kairos.Host.Operations.Statistics;
using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Telemetry;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Views;

/// <summary>
/// What the CLI verbs need beyond the scheduler API, in one place: the JSON shapes they print (<see cref="JobView"/>,
/// <see cref="RunView"/>, <c>info</c>'s sections), the parsing of their text options, and <c>remove</c> of an orphaned
/// job (<see cref="OrphanRemoval"/>). Every rule is the <see cref="KairosScheduler"/>'s: used inside a running host (behind the loopback control API)
/// and by the CLI itself on a store no host holds or a cluster's database.
/// </summary>
internal sealed partial class KairosOperations(
    KairosScheduler scheduler,
    IRunHistory runs,
    TimeProvider time,
    RunStatistics statistics,
    OrphanRemoval removal)
{
    /// <summary>The scheduler these operations use.</summary>
    public KairosScheduler Scheduler => scheduler;

    /// <summary>The same operations acting for <paramref name="actor"/> (<c>cli:USER</c>).</summary>
    public KairosOperations As(string actor) => new(scheduler.As(actor), runs, time, statistics, removal);

    /// <summary>The figures of the history and the schedule (<c>kairos stats</c>, the dashboard).</summary>
    public RunStatistics Statistics => statistics;

    /// <summary>Every job, with its last run and success rate over its <see cref="RunStatistics.RecentRuns"/> newest runs.</summary>
    public IReadOnlyList<JobView> Jobs()
    {
        var runOnce = RunOnceByJob();
        var rows = scheduler.JobRows();
        var recent = statistics.Recent([.. rows.Select(r => r.Id)]);
        return [.. rows.Select(row => ToView(row, recent[row.Id]) with { RunOnce = runOnce.GetValueOrDefault(row.Id) })];
    }

    /// <summary>
    /// One job as <see cref="Jobs"/> lists it (stored, or declared and broken), built from that job's row and runs
    /// alone rather than every job's view; a <see cref="JobNotFoundException"/> naming the known ids when it is not listed.
    /// </summary>
    public JobView Job(string id) => scheduler.JobRows(id) is [var row]
        ? ToView(row, statistics.Recent(id)) with { RunOnce = RunOnceByJob().GetValueOrDefault(id) }
        : throw scheduler.UnknownJob(id);

    /// <summary>The figures of the runs of one job (all when null) scheduled in the last <paramref name="since"/> (<see cref="DurationText"/>, default a day), as <c>kairos stats</c> prints them.</summary>
    public RunStatsView Stats(string? jobId, string? since)
    {
        if (jobId is not null)
        {
            scheduler.RequireJob(jobId);
        }
        var window = TimeSpan.FromDays(1);
        if (since is not null && !(DurationText.TryParse(since, out window) && window > TimeSpan.Zero))
        {
            throw new OperationException($"--since '{since}' is not a duration: expected {DurationText.Forms}");
        }
        return statistics.Of(jobId, time.GetUtcNow() - window);
    }

    private static JobView ToView(JobRow row, RunStatsView recent) => new(
        row.Id, row.Stored?.Description ?? "", row.Source,
        row.Next is null ? null : Describe(row.Next.Spec),
        row.Next?.Spec.TimeZone ?? "UTC",
        row.Next?.NextFireUtc,
        row.State, row.Version, row.Stored?.PauseReason,
        [.. row.Triggers.Select(t => View(t, row))],
        row.Problems)
    {
        NextTrigger = row.Next?.Spec.Key,
        PausedBy = row.Stored is { Paused: true } paused ? paused.PausedBy : null,
        PausedUntilUtc = row.Stored is { Paused: true } until ? until.PausedUntilUtc : null,
        DisabledReason = row.Stored?.DisabledReason,
        DisabledBy = row.Stored?.DisabledBy,
        DisabledByOperatorReason = row.Stored?.DisabledByOperatorReason,
        OverriddenBy = row.Handler?.Effective.Policies.Select(p => new SettingOverrideView(p.Key, p.Declared, p.Value)).ToList() ?? [],
        LastRun = recent.LastRun,
        SuccessRate = recent.SuccessRate,
        OnSuccess = ChainTargets.Split((row.Handler?.Definition.Policies ?? row.Stored?.Policies)?.OnSuccess ?? ""),
        OnFailure = ChainTargets.Split((row.Handler?.Definition.Policies ?? row.Stored?.Policies)?.OnFailure ?? ""),
    };

    /// <summary>
    /// The newest runs, of one job or all, through the scheduler's run query (read a page at a time when
    /// <paramref name="limit"/> is more than a page). <paramref name="status"/> is a status word; <paramref name="from"/>
    /// and <paramref name="to"/> ISO-8601 instants.
    /// </summary>
    public IReadOnlyList<RunView> History(string? jobId, string? status, int limit, string? trigger = null, string? from = null, string? to = null)
    {
        var found = new List<RunView>();
        string? token = null;
        do
        {
            (var page, token) = HistoryPage(jobId, status, limit - found.Count, trigger, from, to, token);
            found.AddRange(page);
        }
        while (token is not null && found.Count < limit);
        return found;
    }

    /// <summary>
    /// One page of <see cref="History"/>: at most <paramref name="limit"/> runs (and no more than
    /// <see cref="KairosScheduler.MaxPage"/>) after the page <paramref name="pageToken"/> names, and the next page's token.
    /// </summary>
    public (IReadOnlyList<RunView> Runs, string? NextPage) HistoryPage(
        string? jobId, string? status, int limit, string? trigger = null, string? from = null, string? to = null, string? pageToken = null)
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
        var query = new RunQuery
        {
            JobId = jobId, Status = wanted, TriggerKey = trigger, FromUtc = Instant("from", from), ToUtc = Instant("to", to),
            Limit = Math.Min(limit, KairosScheduler.MaxPage), PageToken = pageToken,
        };
        var (page, next) = scheduler.QueryRuns(query);
        return ([.. page.Select(RunView.From)], next);
    }

    /// <summary>One run with its log, as <c>kairos show RUN --json</c> prints it.</summary>
    public RunView Run(string runId) =>
        runs.GetRun(runId) is { } run
            ? RunView.From(run)
            : throw new RunNotFoundException(runId);

    public IReadOnlyDictionary<string, object?> Info()
    {
        var info = new Dictionary<string, object?>
        {
            ["version"] = KairosScheduler.Version,
            ["node"] = scheduler.NodeId,
            ["store"] = scheduler.StoreDescription,
            ["storeKind"] = scheduler.StoreKindWord,
            ["hostRunning"] = scheduler.HostRunning,
            ["startedUtc"] = scheduler.StartedUtc,
            ["jobs"] = scheduler.StoredJobCount,
            ["runnableJobs"] = scheduler.RunnableHere,
            ["running"] = scheduler.Running().Select(RunView.From).ToList(),
            ["problems"] = scheduler.Problems().Select(p => new { p.Source, p.JobId, p.Message }).ToList(),
        };
        foreach (var (section, snapshot) in scheduler.Sections())
        {
            info[section] = snapshot;
        }
        return info;
    }

    /// <summary>
    /// Queues a run of the job now with optional JSON data; its run id, and why it waits if no host will start it now.
    /// <paramref name="traceParent"/> and <paramref name="traceState"/>: the W3C trace context a request carried.
    /// </summary>
    public TriggerResult Trigger(string jobId, string? dataJson = null, string? traceParent = null, string? traceState = null) =>
        scheduler.Trigger(jobId, dataJson, TraceContext.FromHeaders(traceParent, traceState));

    /// <summary>
    /// Pauses the job, until <paramref name="until"/> when given: an ISO-8601 instant, or a duration from now
    /// (<see cref="DurationText"/>: <c>30m</c>, <c>2h</c>, <c>1d</c>).
    /// </summary>
    public void Pause(string jobId, string? reason, string? until = null) =>
        scheduler.PauseAsync(jobId, reason, Until(until)).GetAwaiter().GetResult();

    public void Resume(string jobId) => scheduler.ResumeAsync(jobId).GetAwaiter().GetResult();

    /// <summary>
    /// Removes an orphaned job: one that no loaded source declares any more (its plugin or script is gone). A job that a
    /// source still declares, even one that does not load, is refused: it would be reconciled back at once. The history
    /// is kept (<see cref="RemovalView.Keep"/>) or deleted (<see cref="RemovalView.Delete"/>).
    /// </summary>
    public RemovalView Remove(string jobId, string history) => removal.Remove(scheduler, jobId, history);

    /// <summary>An instant option (<c>--from</c>, <c>--to</c>): ISO-8601, UTC when it has no offset.</summary>
    private static DateTimeOffset? Instant(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new OperationException($"--{option} '{text}' is not an instant: expected ISO-8601 such as 2026-03-08T06:00:00Z");
    }

    /// <summary>The end of a pause: an ISO-8601 instant, or a duration from now.</summary>
    private DateTimeOffset? Until(string? text)
    {
        if (text is null)
        {
            return null;
        }
        if (DurationText.TryParse(text, out var duration) && duration > TimeSpan.Zero)
        {
            return time.GetUtcNow() + duration;
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant)
            ? instant.ToUniversalTime()
            : throw new OperationException(
                $"--until '{text}' is neither an instant nor a duration: expected ISO-8601 such as 2026-03-08T06:00:00Z, or {DurationText.Forms}");
    }

    /// <summary>
    /// A stored trigger, with what configuration changed in it when this host's handler of the job knows (the declared
    /// trigger is kept in the host, not in the store: a CLI that reads the store with no host running shows the trigger in force only).
    /// </summary>
    private static TriggerView View(StoredTrigger trigger, JobRow row)
    {
        var spec = trigger.Spec;
        var overridden = row.OverrideOf(trigger);
        return new TriggerView(spec.Key, Describe(spec), spec.TimeZone, trigger.Origin, trigger.NextFireUtc, trigger.LastFireUtc, spec.Misfire.Word(), spec.DataJson)
        {
            Declared = overridden is null ? null
                : new DeclaredTriggerView(Describe(overridden.Declared), overridden.Declared.TimeZone, overridden.Declared.Misfire.Word(), overridden.Declared.Priority),
            OverriddenBy = overridden?.Key,
            Jitter = spec.Jitter?.ToString("c", CultureInfo.InvariantCulture),
            JitterOffset = spec.Jitter is null ? null : TriggerJitter.Format(TriggerJitter.Offset(trigger.JobId, spec)),
            Calendars = spec.Calendars,
        };
    }

    internal static string Describe(TriggerSpec spec) => spec.Kind switch
    {
        TriggerKind.Cron => spec.CronExpression!,
        TriggerKind.Interval => $"every {spec.Period}",
        _ => $"once at {spec.RunAtUtc:O}",
    };
}
