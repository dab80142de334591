using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

/// <summary>
/// The timeline must answer every offset question exactly as <see cref="TimeZoneInfo"/> does (through
/// <see cref="ZoneOffsets"/>): at each offset change of 1970-2040 and around it, for zones with one-hour, half-hour,
/// two-hour and negative DST, frequent changes, and none.
/// </summary>
public sealed class ZoneTimelineTests
{
    private const long Second = TimeSpan.TicksPerSecond;

    public static readonly TheoryData<string> Zones =
    [
        "America/New_York", "Europe/London", "Australia/Lord_Howe", "Antarctica/Troll", "Europe/Dublin",
        "Africa/Casablanca", "America/Sao_Paulo", "America/Boa_Vista", "Pacific/Apia", "Asia/Kolkata", "UTC",
    ];

    [Theory]
    [MemberData(nameof(Zones))]
    public void Answers_MatchTimeZoneInfo_AroundEveryChangeFrom1970To2040(string zoneId)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var timeline = ZoneTimeline.For(zone);
        var reference = new ZoneOffsets(zone);
        var changes = Changes(reference, new DateTime(1970, 1, 1).Ticks, new DateTime(2041, 1, 1).Ticks);

        foreach (var change in changes)
        {
            var (old, now) = (reference.Offset(change - Second), reference.Offset(change));
            var span = Math.Abs(now - old) + TimeSpan.TicksPerHour;
            Assert.Equal(change, timeline.FindChange(change - (3 * TimeSpan.TicksPerDay), change + TimeSpan.TicksPerDay));
            foreach (var at in Around(change, span))
            {
                Assert.True(reference.Offset(at) == timeline.Offset(at), $"{zoneId}: offset at {new DateTime(at):O}");
                var local = at + old;
                var ambiguous = reference.IsAmbiguous(local);
                var invalid = reference.IsInvalid(local);
                Assert.True(ambiguous == timeline.IsAmbiguous(local), $"{zoneId}: ambiguous at local {new DateTime(local):O}");
                Assert.True(invalid == timeline.IsInvalid(local), $"{zoneId}: invalid at local {new DateTime(local):O}");
                if (ambiguous)
                {
                    Assert.Equal(reference.GetAmbiguousOffsets(local), timeline.GetAmbiguousOffsets(local));
                }
                else if (invalid)
                {
                    Assert.Equal(reference.GapEnd(local), timeline.GapEnd(local));
                }
                else
                {
                    Assert.True(reference.OffsetOfLocal(local) == timeline.OffsetOfLocal(local), $"{zoneId}: offset of local {new DateTime(local):O}");
                }
            }
        }
        Assert.True(zoneId is "UTC" or "Asia/Kolkata" || changes.Count >= 10, $"{zoneId}: {changes.Count} changes found");
    }

    [Fact]
    public void Answers_AskTheZone_OutsideTheCoveredYears()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var timeline = ZoneTimeline.For(zone);
        var reference = new ZoneOffsets(zone);

        foreach (var at in new[] { new DateTime(1883, 11, 18, 17, 0, 0).Ticks, new DateTime(2500, 7, 1).Ticks, 0L, DateTime.MaxValue.Ticks - Second })
        {
            Assert.Equal(reference.Offset(at), timeline.Offset(at));
            Assert.Equal(reference.IsAmbiguous(at), timeline.IsAmbiguous(at));
            Assert.Equal(reference.OffsetOfLocal(at), timeline.OffsetOfLocal(at));
        }
    }

    [Fact]
    public void For_ReturnsOneTimelinePerZone()
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        Assert.Same(ZoneTimeline.For(zone), ZoneTimeline.For(TimeZoneInfo.FindSystemTimeZoneById("Europe/London")));
    }

    // Whole seconds on both sides of a change: every second next to it, then every 5 minutes out to `span`.
    private static IEnumerable<long> Around(long change, long span)
    {
        for (var s = -3; s <= 3; s++)
        {
            yield return change + (s * Second);
        }
        for (var d = -span; d <= span; d += 5 * TimeSpan.TicksPerMinute)
        {
            yield return change + d;
        }
    }

    private static List<long> Changes(ZoneOffsets zone, long from, long to)
    {
        var changes = new List<long>();
        for (var at = from; at < to; at += 6 * TimeSpan.TicksPerHour)
        {
            if (zone.Offset(at) != zone.Offset(at + (6 * TimeSpan.TicksPerHour)))
            {
                changes.Add(zone.FindChange(at, at + (6 * TimeSpan.TicksPerHour)));
            }
        }
        return changes;
    }
}
