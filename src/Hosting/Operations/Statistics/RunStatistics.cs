using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Operations.Statistics;

/// <summary>
/// Figures over the run history and the schedule for the CLI's <c>stats</c> and <c>jobs</c>, the API and the dashboard,
/// each computed here once. The success rate counts the runs that ended with an outcome of the job (succeeded, failed,
/// timed out, interrupted); a retried attempt, a cancelled, skipped or misfired fire is in the counts but not the rate.
/// </summary>
internal sealed class RunStatistics(IRunHistory runs, ICatalogStore jobs, TriggerSchedule schedule, TimeProvider time)
{
    /// <summary>The most runs one figure reads (newest first): a bound on the work of one request.</summary>
    public const int MaxRuns = 100_000;

    /// <summary>The most fires of one trigger enumerated for <see cref="HeatMap"/>; past it the trigger's rate so far stands for the rest of the week.</summary>
    public const int MaxFiresPerTrigger = 20_000;

    private const int Page = 1000;

    /// <summary>How many of a job's newest runs <c>kairos jobs</c> and the dashboard's job list take their figures from.</summary>
    public const int RecentRuns = 100;

    /// <summary>The runs of <paramref name="jobId"/> (all jobs when null) scheduled since <paramref name="sinceUtc"/>.</summary>
    public RunStatsView Of(string? jobId, DateTimeOffset sinceUtc) => Of(jobId, sinceUtc, Read(new RunFilter(JobId: jobId, FromUtc: sinceUtc)));

    /// <summary>The newest <paramref name="count"/> runs of <paramref name="jobId"/>, whenever they were scheduled (<see cref="RunStatsView.SinceUtc"/>: the oldest's instant).</summary>
    public RunStatsView Recent(string jobId, int count = RecentRuns) =>
        OfRecent(jobId, [.. runs.QueryPage(new RunFilter(JobId: jobId), null, count)]);

    /// <summary>
    /// <see cref="Recent(string, int)"/> of each of <paramref name="jobIds"/>, from reads of the newest runs of all jobs
    /// where they hold them: a first page of as many runs as the jobs take at most (all of one job's 100 when it is the
    /// only one), then, while some job has fewer, the rest of <see cref="Page"/> runs in one more. Each job takes its
    /// first <paramref name="count"/> runs of them, in the order a read of its own gives (pages are newest id first); a
    /// job with fewer when the history goes on is read on its own. A store with no index by job (LiteDB) walks its history
    /// for each read of one job's runs, to the end for a job that never ran: a read per job was most of the host's answer
    /// to <c>kairos jobs</c>.
    /// </summary>
    public IReadOnlyDictionary<string, RunStatsView> Recent(IReadOnlyCollection<string> jobIds, int count = RecentRuns)
    {
        var byJob = new Dictionary<string, List<RunRecord>>(StringComparer.Ordinal);
        foreach (var jobId in jobIds)
        {
            byJob[jobId] = [];
        }
        var open = count > 0 ? byJob.Count : 0;
        var read = 0;
        var whole = false;
        string? before = null;
        while (open > 0 && read < Page)
        {
            var limit = read == 0 ? (int)Math.Min(Page, (long)count * byJob.Count) : Page - read;
            var page = runs.QueryPage(new RunFilter(), before, limit);
            foreach (var run in page)
            {
                if (byJob.TryGetValue(run.JobId, out var found) && found.Count < count)
                {
                    found.Add(run);
                    open -= found.Count == count ? 1 : 0;
                }
            }
            read += page.Count;
            if (page.Count < limit)
            {
                whole = true;
                break;
            }
            before = page[^1].Id;
        }
        var recent = new Dictionary<string, RunStatsView>(StringComparer.Ordinal);
        foreach (var (jobId, found) in byJob)
        {
            recent[jobId] = whole || found.Count >= count ? OfRecent(jobId, found) : Recent(jobId, count);
        }
        return recent;
    }

    private RunStatsView OfRecent(string jobId, List<RunRecord> found) =>
        Of(jobId, found.Count > 0 ? found[^1].ScheduledUtc : time.GetUtcNow(), found);

    private static RunStatsView Of(string? jobId, DateTimeOffset sinceUtc, List<RunRecord> found)
    {
        var byStatus = found.GroupBy(r => r.Status).OrderBy(g => g.Key).ToDictionary(g => g.Key.Word(), g => g.Count());
        var outcomes = found.Count(r => r.Status is RunStatus.Succeeded or RunStatus.Failed or RunStatus.TimedOut or RunStatus.Interrupted);
        var succeeded = found.Count(r => r.Status == RunStatus.Succeeded);
        var durations = found.Where(r => r.EndedUtc is not null).Select(r => r.Duration?.TotalMilliseconds).OfType<double>().ToList();
        var lateness = found.Where(r => r.StartedUtc is not null).Select(r => Math.Max(0, (r.StartedUtc!.Value - r.ScheduledUtc).TotalMilliseconds)).ToList();
        // A skipped or misfired fire never ran: the last run is the newest that did.
        var last = found.Where(r => r.EndedUtc is not null && r.Status.IsTerminal() && r.Status is not (RunStatus.Skipped or RunStatus.Misfired)).MaxBy(r => r.EndedUtc);
        return new RunStatsView(jobId, sinceUtc, found.Count, byStatus, outcomes == 0 ? null : (double)succeeded / outcomes, Of(durations), Of(lateness))
        {
            LastRun = last is null ? null : new LastRunView(last.Id, last.Status.Word(), last.EndedUtc!.Value, last.Duration?.TotalMilliseconds),
        };
    }

    /// <summary>Runs ended per UTC hour over the last <paramref name="hours"/> hours (24 for the dashboard's chart), the current hour last.</summary>
    public HourlyRunsView Hourly(int hours = 24)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(hours, 1);
        var now = time.GetUtcNow();
        var first = Hour(now).AddHours(1 - hours);
        // A run ended in the window may have been scheduled a while before it: read a day further back.
        var found = Read(new RunFilter(FromUtc: first.AddDays(-1)));
        var buckets = Enumerable.Range(0, hours).Select(i => (Hour: first.AddHours(i), Succeeded: 0, Failed: 0)).ToArray();
        foreach (var run in found)
        {
            if (run.EndedUtc is not { } ended || ended < first || ended > now)
            {
                continue;
            }
            var i = (int)((Hour(ended) - first).TotalHours);
            if (run.Status == RunStatus.Succeeded)
            {
                buckets[i].Succeeded++;
            }
            else if (run.Status is RunStatus.Failed or RunStatus.TimedOut or RunStatus.Interrupted or RunStatus.Retrying)
            {
                buckets[i].Failed++;
            }
        }
        return new HourlyRunsView([.. buckets.Select(b => new HourBucket(b.Hour, b.Succeeded, b.Failed))]);
    }

    /// <summary>
    /// The week-by-hour heat map of the fires the triggers of jobs that are not paused or disabled will make over the next
    /// 7 days, by UTC day of week (0 = Monday) and hour.
    /// </summary>
    public FireHeatMapView HeatMap()
    {
        var from = time.GetUtcNow();
        var to = from.AddDays(7);
        var counts = new int[7][];
        for (var d = 0; d < 7; d++)
        {
            counts[d] = new int[24];
        }
        var held = jobs.GetJobs().Where(j => j.Held).Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var trigger in jobs.GetTriggers().Where(t => !held.Contains(t.JobId)))
        {
            var fires = 0;
            var next = trigger.NextFireUtc ?? schedule.First(trigger.JobId, trigger.Spec, from);
            while (next is { } at && at < to && fires < MaxFiresPerTrigger)
            {
                if (at >= from)
                {
                    counts[Day(at)][at.UtcDateTime.Hour]++;
                    fires++;
                }
                next = schedule.Next(trigger.JobId, trigger.Spec, at);
            }
            if (fires == MaxFiresPerTrigger && next is { } stop && stop < to)
            {
                // The rate so far, spread over the rest of the week hour by hour.
                var perHour = fires / Math.Max((stop - from).TotalHours, 1.0 / 60);
                var rest = Hour(stop).AddHours(1);
                counts[Day(stop)][stop.UtcDateTime.Hour] += (int)Math.Round(perHour * (rest - stop).TotalHours);
                for (var hour = rest; hour < to; hour = hour.AddHours(1))
                {
                    counts[Day(hour)][hour.UtcDateTime.Hour] += (int)Math.Round(perHour * (Math.Min((to - hour).TotalHours, 1)));
                }
            }
        }
        return new FireHeatMapView(from, counts);
    }

    /// <summary>The runs that match, newest first, up to <see cref="MaxRuns"/>.</summary>
    private List<RunRecord> Read(RunFilter filter)
    {
        var found = new List<RunRecord>();
        string? before = null;
        while (found.Count < MaxRuns)
        {
            var page = runs.QueryPage(filter, before, Math.Min(Page, MaxRuns - found.Count));
            found.AddRange(page);
            if (page.Count < Page)
            {
                break;
            }
            before = page[^1].Id;
        }
        return found;
    }

    private static Percentiles? Of(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }
        values.Sort();
        return new Percentiles(Rank(values, 0.50), Rank(values, 0.95), values[^1]);
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    private static double Rank(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static DateTimeOffset Hour(DateTimeOffset instant) =>
        new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, instant.UtcDateTime.Day, instant.UtcDateTime.Hour, 0, 0, TimeSpan.Zero);

    /// <summary>Monday 0 … Sunday 6.</summary>
    private static int Day(DateTimeOffset instant) => ((int)instant.UtcDateTime.DayOfWeek + 6) % 7;
}
