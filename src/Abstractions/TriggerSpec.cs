namespace Kairos;

/// <summary>
/// The description of one trigger of a job: when it fires, in which time zone, what happens to missed fires,
/// and the data it passes to the job. Create it with <see cref="Cron"/>, <see cref="Interval"/> or <see cref="Once"/>.
/// </summary>
public sealed record TriggerSpec
{
    /// <summary>The key of the trigger, unique within its job. Default: <c>default</c>.</summary>
    public string Key { get; init; } = "default";

    /// <summary>What kind of schedule this is.</summary>
    public TriggerKind Kind { get; init; }

    /// <summary>
    /// For <see cref="TriggerKind.Cron"/>: a 5-field (minute precision) or 6-field (seconds first) cron expression
    /// in NCrontab syntax. Day-of-month and day-of-week are combined with AND.
    /// </summary>
    public string? CronExpression { get; init; }

    /// <summary>For <see cref="TriggerKind.Interval"/>: the period between fires (at least one second).</summary>
    public TimeSpan? Period { get; init; }

    /// <summary>For <see cref="TriggerKind.Once"/>: the instant to fire at.</summary>
    public DateTimeOffset? RunAtUtc { get; init; }

    /// <summary>The IANA time zone the cron expression is read in. Default: <c>UTC</c>.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>No fire before this instant. Default: none.</summary>
    public DateTimeOffset? StartUtc { get; init; }

    /// <summary>No fire after this instant. Default: none.</summary>
    public DateTimeOffset? EndUtc { get; init; }

    /// <summary>What to do with fires missed while the host was down or behind. Default: <see cref="MisfirePolicy.FireOnce"/>.</summary>
    public MisfirePolicy Misfire { get; init; } = MisfirePolicy.FireOnce;

    /// <summary>Breaks ties between fires due at the same instant: higher runs first. Default: 0.</summary>
    public int Priority { get; init; }

    /// <summary>Data passed to the job as <see cref="JobContext.DataJson"/>; must be valid JSON. Default: none.</summary>
    public string? DataJson { get; init; }

    /// <summary>
    /// Spreads the fires of this trigger: each fire runs a fixed offset after its scheduled instant, between zero and
    /// this duration, derived from the job id and trigger key (the same offset on every host and after every restart,
    /// so similar triggers of many jobs do not all fire in the same second). Default: none (null).
    /// </summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>
    /// Names of exclusion calendars (configured under <c>Kairos:Calendars:NAME</c> or in code on the Kairos options): a
    /// fire whose instant falls in a window of one of them is recorded as skipped and does not run. Default: empty.
    /// </summary>
    public IReadOnlyList<string> Calendars { get; init; } = [];

    /// <summary>True when both describe the same trigger (<see cref="Calendars"/> compared by its names, in order).</summary>
    /// <param name="other">The other description.</param>
    /// <returns>True when every field is equal.</returns>
    public bool Equals(TriggerSpec? other) =>
        other is not null
        && Key == other.Key && Kind == other.Kind && CronExpression == other.CronExpression && Period == other.Period
        && RunAtUtc == other.RunAtUtc && TimeZone == other.TimeZone && StartUtc == other.StartUtc && EndUtc == other.EndUtc
        && Misfire == other.Misfire && Priority == other.Priority && DataJson == other.DataJson && Jitter == other.Jitter
        && Calendars.SequenceEqual(other.Calendars);

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(Key);
        hash.Add(Kind);
        hash.Add(CronExpression);
        hash.Add(Period);
        hash.Add(RunAtUtc);
        hash.Add(TimeZone);
        hash.Add(StartUtc);
        hash.Add(EndUtc);
        hash.Add(Misfire);
        hash.Add(Priority);
        hash.Add(DataJson);
        hash.Add(Jitter);
        foreach (var calendar in Calendars)
        {
            hash.Add(calendar);
        }
        return hash.ToHashCode();
    }

    /// <summary>Creates a cron trigger.</summary>
    /// <param name="key">The trigger key, unique within the job.</param>
    /// <param name="expression">A 5- or 6-field cron expression.</param>
    /// <param name="timeZone">An IANA time zone id; <c>UTC</c> when omitted.</param>
    /// <returns>The trigger description.</returns>
    public static TriggerSpec Cron(string key, string expression, string timeZone = "UTC") =>
        new() { Key = key, Kind = TriggerKind.Cron, CronExpression = expression, TimeZone = timeZone };

    /// <summary>Creates a trigger that fires every <paramref name="period"/>, first one period after it is added.</summary>
    /// <param name="key">The trigger key, unique within the job.</param>
    /// <param name="period">The period between fires.</param>
    /// <returns>The trigger description.</returns>
    public static TriggerSpec Interval(string key, TimeSpan period) =>
        new() { Key = key, Kind = TriggerKind.Interval, Period = period };

    /// <summary>Creates a trigger that fires once at <paramref name="runAtUtc"/> (now, if that is in the past).</summary>
    /// <param name="key">The trigger key, unique within the job.</param>
    /// <param name="runAtUtc">The instant to fire at.</param>
    /// <returns>The trigger description.</returns>
    public static TriggerSpec Once(string key, DateTimeOffset runAtUtc) =>
        new() { Key = key, Kind = TriggerKind.Once, RunAtUtc = runAtUtc };
}
