using System.Globalization;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

public sealed class CronScheduleTests
{
    private static readonly string[] Zones = ["UTC", "America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kolkata"];

    [Theory]
    [InlineData("*/15 * * * *", "2025-01-01T10:07:00Z", "2025-01-01T10:15:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T10:15:00Z", "2025-01-01T10:30:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T10:14:59.9999999Z", "2025-01-01T10:15:00Z")]
    [InlineData("*/15 * * * *", "2025-01-01T10:15:00.0000001Z", "2025-01-01T10:30:00Z")]
    [InlineData("30 * * * * *", "2025-01-01T10:00:30Z", "2025-01-01T10:01:30Z")]
    [InlineData("0 9 * * 1-5", "2025-01-03T09:00:00Z", "2025-01-06T09:00:00Z")]
    [InlineData("0 0 29 2 *", "2025-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 31 * *", "2025-04-01T00:00:00Z", "2025-05-31T00:00:00Z")]
    public void GetNext_ReturnsFirstOccurrenceStrictlyAfter_WhenZoneIsUtc(string expression, string after, string expected) =>
        Assert.Equal(Instant(expected), CronSchedule.Parse(expression, "UTC").GetNextOccurrence(Instant(after)));

    [Fact]
    public void GetNext_ReadsTheExpressionInTheZone_WhenZoneIsNotUtc()
    {
        var schedule = CronSchedule.Parse("0 9 * * *", "Asia/Kolkata");

        Assert.Equal(Instant("2025-06-01T03:30:00Z"), schedule.GetNextOccurrence(Instant("2025-06-01T00:00:00Z")));
        Assert.Equal(TimeSpan.Zero, schedule.GetNextOccurrence(Instant("2025-06-01T00:00:00Z"))!.Value.Offset);
    }

    [Fact]
    public void GetNext_TreatsTheInputAsAnInstant_WhenItCarriesAnOffset()
    {
        var schedule = CronSchedule.Parse("0 * * * *", "UTC");
        var afterInParis = new DateTimeOffset(2025, 6, 1, 12, 30, 0, TimeSpan.FromHours(2));

        Assert.Equal(Instant("2025-06-01T11:00:00Z"), schedule.GetNextOccurrence(afterInParis));
    }

    /// <summary>Day-of-month and day-of-week are combined with AND, as in NCrontab (Vixie cron uses OR).</summary>
    [Fact]
    public void GetNext_RequiresBothDayFields_WhenBothAreRestricted()
    {
        var fridayThe13th = CronSchedule.Parse("0 0 13 * 5", "UTC");

        Assert.Equal(Instant("2025-06-13T00:00:00Z"), fridayThe13th.GetNextOccurrence(Instant("2025-01-01T00:00:00Z")));
    }

    [Theory]
    [InlineData("0 0 30 2 *")]
    [InlineData("0 0 31 4,6,9,11 *")]
    [InlineData("0 0 0 30-31 2 *")]
    public void GetNext_ReturnsNull_WhenScheduleCanNeverFire(string expression)
    {
        foreach (var zone in Zones)
        {
            var schedule = CronSchedule.Parse(expression, zone);

            Assert.Null(schedule.GetNextOccurrence(Instant("2025-01-01T00:00:00Z")));
            Assert.Null(schedule.GetNextOccurrenceByRules(Instant("2025-01-01T00:00:00Z")));
            Assert.Empty(schedule.GetOccurrences(Instant("2025-01-01T00:00:00Z"), 3));
        }
    }

    [Theory]
    [InlineData("* * * * * *")]
    [InlineData("0 0 1 1 *")]
    [InlineData("59 23 31 12 *")]
    [InlineData("0 0 29 2 1")]
    public void GetNext_ReturnsNullWithoutThrowing_WhenNoOccurrenceBeforeYear10000(string expression)
    {
        foreach (var zone in Zones)
        {
            var schedule = CronSchedule.Parse(expression, zone);

            Assert.Null(schedule.GetNextOccurrence(DateTimeOffset.MaxValue));
            Assert.Null(schedule.GetNextOccurrence(new DateTimeOffset(9999, 12, 31, 23, 59, 59, TimeSpan.Zero)));
            Assert.Null(schedule.GetNextOccurrenceByRules(DateTimeOffset.MaxValue));
            var last = schedule.GetOccurrences(new DateTimeOffset(9999, 12, 1, 0, 0, 0, TimeSpan.Zero), 10_000).LastOrDefault();
            Assert.True(last == default || last.Year == 9999);
        }
    }

    [Fact]
    public void GetNext_DoesNotThrow_WhenStartingAtTheBeginningOfTime()
    {
        foreach (var zone in Zones)
        {
            var schedule = CronSchedule.Parse("*/30 * * * *", zone);

            var next = schedule.GetNextOccurrence(DateTimeOffset.MinValue);

            Assert.NotNull(next);
            Assert.True(next > DateTimeOffset.MinValue);
        }
    }

    [Fact]
    public void GetOccurrences_ChainsStrictlyIncreasingInstants_WhenCountIsGiven()
    {
        var schedule = CronSchedule.Parse("*/20 * * * *", "Europe/London");

        var occurrences = schedule.GetOccurrences(Instant("2025-10-26T00:50:00Z"), 4).ToArray();

        Assert.Equal(
            [Instant("2025-10-26T01:00:00Z"), Instant("2025-10-26T01:20:00Z"), Instant("2025-10-26T01:40:00Z"), Instant("2025-10-26T02:00:00Z")],
            occurrences);
    }

    [Fact]
    public void GetOccurrences_Throws_WhenCountIsNegative() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => CronSchedule.Parse("* * * * *", "UTC").GetOccurrences(Instant("2025-01-01T00:00:00Z"), -1));

    [Fact]
    public void GetNext_GivesTheSameAnswers_WhenCalledFromManyThreads()
    {
        var schedule = CronSchedule.Parse("*/7 * * * *", "America/New_York");
        var start = Instant("2025-10-01T00:00:00Z");
        var expected = Enumerable.Range(0, 2000).Select(i => CronSchedule.Parse("*/7 * * * *", "America/New_York").GetNextOccurrence(start.AddMinutes(i * 53))).ToArray();

        var actual = new DateTimeOffset?[expected.Length];
        Parallel.For(0, expected.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => actual[i] = schedule.GetNextOccurrence(start.AddMinutes(i * 53)));

        Assert.Equal(expected, actual);
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
