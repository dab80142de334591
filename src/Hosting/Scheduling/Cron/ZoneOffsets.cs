namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// The UTC-offset facts of a time zone asked of <see cref="TimeZoneInfo"/> each time: the reference
/// <see cref="CronSchedule.GetNextOccurrenceByRules"/> uses, and what <see cref="ZoneTimeline"/> is built from and
/// falls back to outside the years it covers. Instants and local times are clamped to the <see cref="DateTime"/>
/// range before any <see cref="TimeZoneInfo"/> call. Immutable.
/// </summary>
internal sealed class ZoneOffsets : IZoneOffsets
{
    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks
    private const long Second = TimeSpan.TicksPerSecond;

    private readonly TimeZoneInfo _zone;
    private readonly long _steadyFrom;
    private readonly long _steadyOffset;

    public ZoneOffsets(TimeZoneInfo zone)
    {
        _zone = zone;
        var rules = zone.GetAdjustmentRules();
        ProbeSpan = Math.Max(TimeSpan.TicksPerHour, SpreadOf(zone, rules)) + TimeSpan.TicksPerMinute;

        // After the last adjustment rule the offset never changes again (UTC, Asia/Kolkata, America/Sao_Paulo since 2019).
        if (rules.Length == 0)
        {
            _steadyFrom = 0;
        }
        else if (rules[^1].DateEnd.Year < 9999)
        {
            _steadyFrom = rules[^1].DateEnd.Ticks + (3 * TimeSpan.TicksPerDay);
        }
        else
        {
            _steadyFrom = long.MaxValue;
        }
        _steadyOffset = _steadyFrom == long.MaxValue ? 0 : Offset(_steadyFrom);
    }

    /// <summary>An upper bound on any change of this zone's offset, so on any fall-back overlap or spring-forward gap.</summary>
    public long ProbeSpan { get; }

    /// <summary>The offset at <paramref name="utc"/> when it can never change again after it (always, for UTC).</summary>
    public bool TryGetSteadyOffset(long utc, out long offset)
    {
        offset = _steadyOffset;
        return utc >= _steadyFrom;
    }

    public long Offset(long utc) => _zone.GetUtcOffset(new DateTime(Clamp(utc), DateTimeKind.Utc)).Ticks;

    /// <inheritdoc/>
    public long FindChange(long before, long after)
    {
        var offset = Offset(before);
        var lo = before - (before % Second);
        var hi = after + ((Second - (after % Second)) % Second);
        while (hi - lo > Second)
        {
            var mid = lo + ((hi - lo) / 2 / Second * Second);
            if (Offset(mid) == offset)
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return hi;
    }

    // The +1 tick makes the repeated hour [01:00, 02:00) for whole seconds on every runtime: .NET reports it one tick
    // early, [00:59:59.9999999, 01:59:59.9999999). Cronos does the same, so the oracle agrees on the edges.
    public bool IsAmbiguous(long local) => local is >= 0 and < MaxTicks && _zone.IsAmbiguousTime(new DateTime(local + 1));

    /// <inheritdoc/>
    public (long First, long Second) GetAmbiguousOffsets(long local)
    {
        var offsets = _zone.GetAmbiguousTimeOffsets(new DateTime(local + 1));
        var a = offsets[0].Ticks;
        var b = offsets[^1].Ticks;
        return (Math.Max(a, b), Math.Min(a, b));
    }

    public bool IsInvalid(long local) => _zone.IsInvalidTime(new DateTime(Clamp(local)));

    /// <inheritdoc/>
    public long OffsetOfLocal(long local) => _zone.GetUtcOffset(new DateTime(Clamp(local))).Ticks;

    /// <inheritdoc/>
    public long GapEnd(long local)
    {
        var lo = local - (local % Second);
        var hi = Clamp(lo + ProbeSpan);
        while (hi - lo > Second)
        {
            var mid = lo + ((hi - lo) / 2 / Second * Second);
            if (IsInvalid(mid))
            {
                lo = mid;
            }
            else
            {
                hi = mid;
            }
        }
        return hi - OffsetOfLocal(hi);
    }

    private static long Clamp(long ticks) => Math.Clamp(ticks, 0, MaxTicks);

    private static long SpreadOf(TimeZoneInfo zone, TimeZoneInfo.AdjustmentRule[] rules)
    {
        long min = zone.BaseUtcOffset.Ticks, max = min;
        foreach (var rule in rules)
        {
            var standard = zone.BaseUtcOffset.Ticks + rule.BaseUtcOffsetDelta.Ticks;
            var daylight = standard + rule.DaylightDelta.Ticks;
            min = Math.Min(min, Math.Min(standard, daylight));
            max = Math.Max(max, Math.Max(standard, daylight));
        }
        return max - min;
    }
}
