namespace Kairos.Host.Operations.Statistics;

/// <summary>
/// What <c>kairos stats</c>, <c>GET /api/stats</c> and the dashboard's job list show of the runs of one job (or all)
/// since an instant: counts by status word, success rate (succeeded of ended, 0..1; null when none ended), and duration
/// and start lateness (actual start minus scheduled instant) as p50, p95 and max in milliseconds (null when no run).
/// </summary>
internal sealed record RunStatsView(
    string? JobId,
    DateTimeOffset SinceUtc,
    int Runs,
    IReadOnlyDictionary<string, int> ByStatus,
    double? SuccessRate,
    Percentiles? DurationMs,
    Percentiles? LatenessMs)
{
    /// <summary>The newest run that ran and ended (not a skipped or misfired fire): its id, status word, end and duration in ms; null when none did.</summary>
    public LastRunView? LastRun { get; init; }
}

/// <summary>The p50, p95 and largest of a set of values.</summary>
internal sealed record Percentiles(double P50, double P95, double Max);

/// <summary>The newest ended run of a job.</summary>
internal sealed record LastRunView(string RunId, string Status, DateTimeOffset EndedUtc, double? DurationMs);

/// <summary>Runs ended per hour (UTC hours, oldest first) over a window: succeeded and failed (any other non-success end) each hour.</summary>
internal sealed record HourlyRunsView(IReadOnlyList<HourBucket> Hours);

/// <summary>One hour of <see cref="HourlyRunsView"/>.</summary>
internal sealed record HourBucket(DateTimeOffset HourUtc, int Succeeded, int Failed);

/// <summary>
/// Scheduled fires of every trigger over the next week, by day of week (0 = Monday) and hour (0..23) in UTC: where the
/// schedule is crowded. <see cref="Counts"/> is 7 rows of 24.
/// </summary>
internal sealed record FireHeatMapView(DateTimeOffset FromUtc, IReadOnlyList<IReadOnlyList<int>> Counts);
