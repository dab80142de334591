using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Queries;

/// <summary>Reading jobs: their state, triggers and last run.</summary>
internal sealed class JobQueries(ICatalogStore jobs, IRunHistory runs, JobCatalog catalog, IEnumerable<IInfoContributor> contributors, HostReach reach)
{
    private readonly IReadOnlyList<IInfoContributor> _contributors = [.. contributors];

    /// <summary>How many runs one read of history takes while looking for each job's last run.</summary>
    private const int LastRunBatch = 1000;

    public Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken = default)
    {
        var rows = JobRows();
        var last = LastRuns(rows.Where(r => r.Stored is not null).Select(r => r.Id).ToHashSet(StringComparer.Ordinal));
        return Task.FromResult<IReadOnlyList<JobInfo>>([.. rows.Select(r => ToInfo(r, last.GetValueOrDefault(r.Id)))]);
    }

    public Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jobId);
        var row = JobRows(jobId).FirstOrDefault(r => r.Stored is not null);
        return Task.FromResult(row is null ? null : ToInfo(row, LastRuns(new HashSet<string>(StringComparer.Ordinal) { jobId }).GetValueOrDefault(jobId)));
    }

    /// <summary>
    /// Every job (or the one <paramref name="onlyJobId"/>), ordered by id, with the state this process can tell: paused,
    /// disabled, and else by who can run it (this host's catalog, the cluster's live hosts, or nobody known when no
    /// host runs). A job a source declares but could never store (a script that has not compiled yet) is listed from its
    /// problems, so that it shows broken rather than not at all.
    /// </summary>
    internal IReadOnlyList<JobRow> JobRows(string? onlyJobId = null)
    {
        var snapshot = catalog.Current;
        var stored = onlyJobId is null ? jobs.GetJobs() : jobs.GetJob(onlyJobId) is { } one ? [one] : [];
        var allTriggers = jobs.GetTriggers(onlyJobId).ToLookup(t => t.JobId);
        var problems = snapshot.Problems.Where(p => p.JobId is not null && (onlyJobId is null || p.JobId == onlyJobId)).ToLookup(p => p.JobId!);
        // Problems that do not stop a job (a leaked plugin version) are listed with it but leave its state alone.
        var notices = _contributors.SelectMany(c => c.Problems()).Where(p => p.JobId is not null).ToLookup(p => p.JobId!);
        var cluster = reach.ClusterRunnable?.Invoke();
        var rows = new List<JobRow>();
        foreach (var job in stored)
        {
            var jobTriggers = allTriggers[job.Id].OrderBy(t => t.Spec.Key, StringComparer.Ordinal).ToList();
            var jobProblems = problems[job.Id].Select(p => p.Message).ToList();
            var runnable = snapshot.Handlers.TryGetValue(job.Id, out var handler);
            var state = job.DisabledReason is not null || job.DisabledBy is not null ? JobState.Disabled
                : job.Paused ? JobState.Paused
                : cluster is not null ? (cluster.Contains(job.Id) ? JobState.Active : JobState.Orphaned)
                : !reach.HostRunning ? JobState.Stopped
                : jobProblems.Count > 0 ? JobState.Broken
                : runnable ? JobState.Active
                : JobState.Orphaned;
            var reason = state switch
            {
                JobState.Disabled => job.DisabledBy is null ? job.DisabledReason : job.DisabledByOperatorReason ?? $"disabled by {job.DisabledBy}",
                JobState.Paused => job.PauseReason,
                _ => null,
            };
            // The job's schedule is the one its next fire belongs to (the first trigger's when none will fire).
            var next = jobTriggers.Where(t => t.NextFireUtc is not null).MinBy(t => t.NextFireUtc) ?? jobTriggers.FirstOrDefault();
            rows.Add(new JobRow(job.Id, job, handler?.Source ?? job.Source, handler?.Version ?? job.Version, state, reason, jobTriggers, next,
                [.. jobProblems, .. notices[job.Id].Select(p => p.Message)], handler));
        }
        var storedIds = stored.Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var unstored in problems.Where(p => !storedIds.Contains(p.Key)))
        {
            rows.Add(new JobRow(unstored.Key, null, unstored.First().Source, null, reach.HostRunning ? JobState.Broken : JobState.Stopped, null, [], null,
                [.. unstored.Select(p => p.Message)]));
        }
        return [.. rows.OrderBy(r => r.Id, StringComparer.Ordinal)];
    }

    /// <summary>
    /// The newest run of each of <paramref name="jobIds"/>, in one walk of the history newest first that stops when every
    /// job has one (at worst one walk of the whole history, when a job never ran: the LiteDB store has no index by job).
    /// </summary>
    private Dictionary<string, RunRecord> LastRuns(HashSet<string> jobIds)
    {
        var found = new Dictionary<string, RunRecord>(StringComparer.Ordinal);
        if (jobIds.Count == 1)
        {
            var id = jobIds.First();
            if (runs.QueryPage(new RunFilter(id), null, 1) is [var only])
            {
                found[id] = only;
            }
            return found;
        }
        string? before = null;
        while (found.Count < jobIds.Count)
        {
            var page = runs.QueryPage(new RunFilter(), before, LastRunBatch);
            foreach (var run in page)
            {
                if (jobIds.Contains(run.JobId))
                {
                    found.TryAdd(run.JobId, run);
                }
            }
            if (page.Count < LastRunBatch)
            {
                break;
            }
            before = page[^1].Id;
        }
        return found;
    }

    private static JobInfo ToInfo(JobRow row, RunRecord? lastRun) => new()
    {
        Id = row.Id,
        Description = row.Stored?.Description ?? "",
        Source = row.Source,
        Version = row.Version,
        State = row.State,
        StateReason = row.StateReason,
        PausedBy = row.Stored is { Paused: true } paused ? paused.PausedBy : null,
        PausedUntilUtc = row.Stored is { Paused: true } until ? until.PausedUntilUtc : null,
        NextFireUtc = row.Triggers.Select(t => t.NextFireUtc).Where(t => t is not null).Min(),
        Triggers = [.. row.Triggers.Select(t => new TriggerInfo
        {
            Spec = t.Spec, Origin = t.Origin.Word(), NextFireUtc = t.NextFireUtc, LastFireUtc = t.LastFireUtc,
            Declared = row.OverrideOf(t)?.Declared, OverriddenBy = row.OverrideOf(t)?.Key,
        })],
        LastRun = lastRun is null ? null : RunQueries.ToInfo(lastRun, withLog: false),
        Problems = row.Problems,
    };
}
