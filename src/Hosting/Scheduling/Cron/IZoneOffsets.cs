namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// The UTC-offset facts the DST rules of <see cref="CronSchedule"/> ask about a time zone, in ticks: instants are UTC
/// ticks, local times local ticks, both whole seconds when they come from a schedule. Two sources answer alike:
/// <see cref="ZoneOffsets"/> asks <see cref="TimeZoneInfo"/> each time (the reference), <see cref="ZoneTimeline"/>
/// reads the zone's offset changes found once and shared by every schedule in the zone (the fast path).
/// </summary>
internal interface IZoneOffsets
{
    /// <summary>The offset in effect at the instant <paramref name="utc"/>.</summary>
    long Offset(long utc);

    /// <summary>The first whole second in (<paramref name="before"/>, <paramref name="after"/>] whose offset differs from the one at <paramref name="before"/>.</summary>
    long FindChange(long before, long after);

    /// <summary>True when the local time is repeated (the clock went back over it): [change + new offset, change + old offset).</summary>
    bool IsAmbiguous(long local);

    /// <summary>The two offsets of a repeated local time: the first pass has the larger one (the clock went back).</summary>
    (long First, long Second) GetAmbiguousOffsets(long local);

    /// <summary>True when the local time is skipped (the clock went forward over it).</summary>
    bool IsInvalid(long local);

    /// <summary>The offset of a local time that is neither in a gap nor repeated.</summary>
    long OffsetOfLocal(long local);

    /// <summary>The instant a spring-forward gap holding <paramref name="local"/> ends, i.e. the instant of the change.</summary>
    long GapEnd(long local);
}
