using Kairos.Host.Scheduling;
using Kairos.Host.Storage;

namespace Kairos.Host.Operations.Statistics;

/// <summary>
/// Figures over the run history and the schedule for the CLI's <c>stats</c> and <c>jobs</c>, the API and the dashboard,
/// each computed here once.
/// </summary>
internal sealed class RunStatistics(IRunHistory runs, ICatalogStore jobs, TriggerSchedule schedule, TimeProvider time)
{
    /// <summary>The runs of <paramref name="jobId"/> (all jobs when null) scheduled since <paramref name="sinceUtc"/>.</summary>
    public RunStatsView Of(string? jobId, DateTimeOffset sinceUtc) => throw new NotSupportedException($"stats land with #20 ({runs}, {jobs}, {schedule}, {time})");

    /// <summary>Runs ended per UTC hour over the last <paramref name="hours"/> hours (24 for the dashboard's chart).</summary>
    public HourlyRunsView Hourly(int hours = 24) => throw new NotSupportedException("stats land with #20");

    /// <summary>The week-by-hour heat map of the scheduled fires of the next 7 days.</summary>
    public FireHeatMapView HeatMap() => throw new NotSupportedException("stats land with #20");
}
