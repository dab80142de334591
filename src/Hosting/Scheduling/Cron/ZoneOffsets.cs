namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// The UTC-offset facts one schedule needs about its time zone, in ticks. All instants are UTC ticks, all local times
/// are local ticks; both are clamped to the <see cref="DateTime"/> range before any <see cref="TimeZoneInfo"/> call.
/// </summary>
/// <remarks>
/// Two facts about tzdata make cheap checks exact. (1) Consecutive offset changes of one zone are far apart: at least
/// 7 days in every zone of the system tzdata from 1970 to 2040 (closest pair: America/Boa_Vista, October 2000). So two
/// instants less than <see cref="WindowLength"/> apart with equal offsets have no change between them, and a bisection
/// over such a span finds the one change. (2) No change moves the clock by more than the spread of the zone's offsets,
/// <see cref="ProbeSpan"/>; a fall-back hour or a gap is never wider. Should a zone ever break (1), answers within a
/// few days of the two changes could be wrong; the differential test against Cronos would show it.
/// </remarks>
internal sealed class ZoneOffsets
{
    /// <summary>The length of a cached <see cref="OffsetWindow"/>, well under the 7-day minimum between changes.</summary>
    public const long WindowLength = 4 * TimeSpan.TicksPerDay;

    private const long MaxTicks = 3155378975999999999; // DateTime.MaxValue.Ticks
    private const long Second = TimeSpan.TicksPerSecond;

    private readonly TimeZoneInfo _zone;
    private readonly long _steadyFrom;
    private readonly long _steadyOffset;
    private readonly bool _useWindows;
    private long _window = OffsetWindow.None;

    public ZoneOffsets(TimeZoneInfo zone)
    {
        _zone = zone;
        var rules = zone.GetAdjustmentRules();
        ProbeSpan = Math.Max(TimeSpan.TicksPerHour, SpreadOf(zone, rules)) + TimeSpan.TicksPerMinute;
        _useWindows = ProbeSpan <= WindowLength / 8;

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

    /// <summary>The cached window of constant offset, when it holds <paramref name="utc"/>.</summary>
    public bool TryGetCachedWindow(long utc, out OffsetWindow window)
    {
        var packed = Volatile.Read(ref _window);
        window = packed == OffsetWindow.None ? default : OffsetWindow.Unpack(packed);
        return packed != OffsetWindow.None && utc >= window.Start && utc <= window.End;
    }

    /// <summary>
    /// Caches a window of constant offset <paramref name="offset"/> holding <paramref name="utc"/>: from
    /// <see cref="ProbeSpan"/> before it to <see cref="WindowLength"/> after that, cut at an offset change when the
    /// probes at its ends find one (located once by bisection, so later calls near the change stay cheap).
    /// </summary>
    public bool TryCacheWindowAround(long utc, long offset, out OffsetWindow window)
    {
        window = default;
        if (!_useWindows || utc < ProbeSpan || utc > MaxTicks - WindowLength)
        {
            return false;
        }
        var start = FloorToMinute(utc - ProbeSpan);
        if (Offset(start) != offset)
        {
            start = CeilingToMinute(FindChange(start, utc));
        }
        var end = start + WindowLength;
        if (Offset(end) != offset)
        {
            end = FloorToMinute(FindChange(start, end) - 1);
        }
        var candidate = new OffsetWindow(start, end, offset);
        var packed = candidate.Pack();
        if (utc < start || utc > end || packed == OffsetWindow.None)
        {
            return false;
        }
        Volatile.Write(ref _window, packed);
        window = candidate;
        return true;
    }

    /// <summary>
    /// True when the offset is <paramref name="offset"/> and does not change on (<paramref name="utc"/>,
    /// <paramref name="utc"/> + span] nor on (<paramref name="next"/> - span, <paramref name="next"/>], span being
    /// <see cref="ProbeSpan"/>. Then the local time of <paramref name="next"/> is neither in a gap nor repeated.
    /// </summary>
    public bool IsSteadyAround(long utc, long offset, long next)
    {
        var afterUtc = utc + ProbeSpan;
        return Offset(afterUtc) == offset &&
               (next <= afterUtc || Offset(next) == offset) &&
               Offset(next - ProbeSpan) == offset;
    }

    /// <summary>The first whole second in (<paramref name="before"/>, <paramref name="after"/>] whose offset differs from the one at <paramref name="before"/>.</summary>
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

    /// <summary>The two offsets of a repeated local time: the first pass has the larger one (the clock went back).</summary>
    public (long First, long Second) GetAmbiguousOffsets(long local)
    {
        var offsets = _zone.GetAmbiguousTimeOffsets(new DateTime(local + 1));
        var a = offsets[0].Ticks;
        var b = offsets[^1].Ticks;
        return (Math.Max(a, b), Math.Min(a, b));
    }

    public bool IsInvalid(long local) => _zone.IsInvalidTime(new DateTime(Clamp(local)));

    /// <summary>The offset of a local time that is neither in a gap nor repeated.</summary>
    public long OffsetOfLocal(long local) => _zone.GetUtcOffset(new DateTime(Clamp(local))).Ticks;

    /// <summary>The instant a spring-forward gap holding <paramref name="local"/> ends, i.e. the instant of the change.</summary>
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

    private static long FloorToMinute(long ticks) => ticks - (ticks % TimeSpan.TicksPerMinute);

    private static long CeilingToMinute(long ticks) => FloorToMinute(ticks + TimeSpan.TicksPerMinute - 1);

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
