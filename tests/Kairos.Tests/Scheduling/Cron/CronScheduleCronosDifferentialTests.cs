using Cronos;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

/// <summary>
/// Cronos implements the DST rules of DESIGN.md §4, so it serves as the oracle: for every expression and zone below,
/// chains of occurrences from several starts (year starts and instants around each DST change of 2024-2027) must match
/// Cronos exactly, on the fast path and on the rules path.
/// </summary>
/// <remarks>
/// NCrontab combines day-of-month and day-of-week with AND, Cronos with OR; they agree only when one of the two is
/// <c>*</c>, so every expression here leaves one of them <c>*</c>. Cronos-only syntax (L, W, #, ?) is left out.
/// </remarks>
public sealed class CronScheduleCronosDifferentialTests
{
    private const int ChainLength = 200;

    public static readonly string[] Expressions =
    [
        "* * * * *", "*/5 * * * *", "*/7 * * * *", "*/15 * * * *", "1-59/2 * * * *", "0 * * * *", "30 * * * *",
        "0 */2 * * *", "15 */3 * * *", "0 0-23/6 * * *", "0 0 * * *", "0 1 * * *", "30 1 * * *", "45 1 * * *",
        "59 1 * * *", "0 2 * * *", "15 2 * * *", "30 2 * * *", "0 3 * * *", "*/15 1-3 * * *", "*/10 2 * * *",
        "0-10 2 * * *", "5/20 1-2 * * *", "0,30 1,2 * * *", "0 9 * * 1-5", "0 9 * * MON-FRI", "30 8 * * 0,6",
        "30 1 * * 0", "30 2 * * 0", "0 22 * * 6", "0 0 * 4,10 0", "0 12 1 * *", "0 0 15 * *", "0 0 31 * *",
        "0 0 29 2 *", "0 0 1 1 *", "0 0 1 */3 *", "0 18 * 3,10,11 *",
        "* * * * * *", "*/10 * * * * *", "0 * * * * *", "30 30 1 * * *", "0 30 2 * * *", "15 */20 1-3 * * *",
        "0 0 */4 * * *", "0 0 12 * * 1-5", "*/30 * 2 * * *", "0 0,30 1 * * *", "45 59 1 * * *", "0 0 0 1 1 *",
    ];

    public static readonly string[] Zones =
        ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata", "America/Sao_Paulo"];

    private static readonly Dictionary<string, DateTimeOffset[]> StartsByZone = Zones.ToDictionary(z => z, BuildStarts);

    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var zone in Zones)
        {
            foreach (var expression in Expressions)
            {
                data.Add(expression, zone);
            }
        }
        return data;
    }

    [Fact]
    public void Expressions_CoverTheRequiredShapes()
    {
        Assert.True(Expressions.Length >= 40);
        Assert.Contains(Expressions, e => e.Split(' ').Length == 6);
        Assert.All(Expressions, e => Assert.True(e.Split(' ')[^3] == "*" || e.Split(' ')[^1] == "*", e));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GetNext_MatchesCronos_WhenChainingFromManyStarts(string expression, string zoneId)
    {
        var schedule = CronSchedule.Parse(expression, zoneId);
        var oracle = CronExpression.Parse(expression.Split(' ').Length == 5 ? "0 " + expression : expression, CronFormat.IncludeSeconds);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        foreach (var start in StartsByZone[zoneId])
        {
            var at = start;
            for (var i = 0; i < ChainLength; i++)
            {
                var expected = oracle.GetNextOccurrence(at, zone)?.ToUniversalTime();
                var actual = schedule.GetNextOccurrence(at);
                if (actual != expected || (i % 16 == 0 && schedule.GetNextOccurrenceByRules(at) != expected))
                {
                    Assert.Fail($"'{expression}' in {zoneId} after {at:O}: Cronos {expected:O}, fast {actual:O}, rules {schedule.GetNextOccurrenceByRules(at):O}");
                }
                if (expected is not { } next)
                {
                    break;
                }
                at = next;
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GetNext_MatchesCronos_WhenStartingAtArbitraryInstants(string expression, string zoneId)
    {
        var schedule = CronSchedule.Parse(expression, zoneId);
        var oracle = CronExpression.Parse(expression.Split(' ').Length == 5 ? "0 " + expression : expression, CronFormat.IncludeSeconds);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var random = new Random(HashCode.Combine(expression.Length, zoneId.Length, expression[0]));
        var from = new DateTimeOffset(2024, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var to = new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;

        for (var i = 0; i < 60; i++)
        {
            var at = new DateTimeOffset(random.NextInt64(from, to), TimeSpan.Zero);
            var expected = oracle.GetNextOccurrence(at, zone)?.ToUniversalTime();
            Assert.True(schedule.GetNextOccurrence(at) == expected, $"'{expression}' in {zoneId} after {at:O}: Cronos {expected:O}, ours {schedule.GetNextOccurrence(at):O}");
            Assert.True(schedule.GetNextOccurrenceByRules(at) == expected, $"'{expression}' in {zoneId} after {at:O} (rules): Cronos {expected:O}, ours {schedule.GetNextOccurrenceByRules(at):O}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GetNext_MatchesCronos_WhenCalledBackwardsAcrossChanges(string expression, string zoneId)
    {
        // Walking backwards makes each call land in the offset window cached by the call before it, but earlier.
        var schedule = CronSchedule.Parse(expression, zoneId);
        var oracle = CronExpression.Parse(expression.Split(' ').Length == 5 ? "0 " + expression : expression, CronFormat.IncludeSeconds);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);

        foreach (var change in OffsetChanges(zone, 2025, 2025))
        {
            // The cached window that can betray a backward call starts within the repeated hour after the change.
            for (var minutes = 180; minutes >= -60; minutes -= 3)
            {
                var at = change.AddMinutes(minutes);
                var expected = oracle.GetNextOccurrence(at, zone)?.ToUniversalTime();
                Assert.True(schedule.GetNextOccurrence(at) == expected, $"'{expression}' in {zoneId} after {at:O}: Cronos {expected:O}, ours {schedule.GetNextOccurrence(at):O}");
            }
        }
    }

    // Year starts, a mid-year instant with a fraction of a second, and instants around every offset change of the zone
    // in 2025-2026 (found by probing, so the list follows the machine's tzdata): just before and inside the changed
    // hour for 2025, two hours before for 2026. Steps next to a change are the slow ones, for Cronos too.
    private static DateTimeOffset[] BuildStarts(string zoneId)
    {
        var starts = new List<DateTimeOffset>();
        for (var year = 2024; year <= 2027; year++)
        {
            starts.Add(new DateTimeOffset(year, 1, 1, 0, 0, 0, TimeSpan.Zero));
        }
        starts.Add(new DateTimeOffset(2025, 6, 15, 12, 34, 56, TimeSpan.Zero).AddTicks(7_890_123));
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        foreach (var change in OffsetChanges(zone, 2025, 2025))
        {
            starts.Add(change.AddSeconds(-1));
            starts.Add(change.AddMinutes(20));
        }
        foreach (var change in OffsetChanges(zone, 2026, 2026))
        {
            starts.Add(change.AddHours(-2));
        }
        return [.. starts];
    }

    private static IEnumerable<DateTimeOffset> OffsetChanges(TimeZoneInfo zone, int firstYear, int lastYear)
    {
        var at = new DateTime(firstYear, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(lastYear + 1, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var offset = zone.GetUtcOffset(at); at < end; at = at.AddHours(6))
        {
            var next = zone.GetUtcOffset(at.AddHours(6));
            if (next == offset)
            {
                continue;
            }
            var (lo, hi) = (at, at.AddHours(6));
            while (hi - lo > TimeSpan.FromSeconds(1))
            {
                var mid = lo + ((hi - lo) / 2);
                (lo, hi) = zone.GetUtcOffset(mid) == offset ? (mid, hi) : (lo, mid);
            }
            yield return new DateTimeOffset(hi);
            offset = next;
        }
    }
}
