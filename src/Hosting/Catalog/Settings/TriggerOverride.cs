namespace Kairos.Host.Catalog.Settings;

/// <summary>
/// What <c>Kairos:Jobs:ID:Triggers:KEY</c> sets for one declared trigger; each value null when not set. <see cref="Cron"/>
/// and <see cref="Interval"/> replace the schedule (and its kind); at most one of them is set.
/// </summary>
internal sealed class TriggerOverride
{
    public string? Cron { get; init; }

    public TimeSpan? Interval { get; init; }

    public string? TimeZone { get; init; }

    public MisfirePolicy? Misfire { get; init; }

    public int? Priority { get; init; }

    /// <summary>The trigger's jitter (<see cref="TriggerSpec.Jitter"/>); zero removes it.</summary>
    public TimeSpan? Jitter { get; init; }

    /// <summary>The trigger's calendar names, comma-separated (<c>holidays, weekends</c>); empty removes them.</summary>
    public string? Calendars { get; init; }

    /// <summary>The configuration path of this trigger's section, as written.</summary>
    internal string Path { get; init; } = "";
}
