using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

public sealed class CronScheduleParseTests
{
    [Theory]
    [InlineData("*/5 * * * *", false)]
    [InlineData("0 9 * * MON-FRI", false)]
    [InlineData("0 0 1 JAN,JUL *", false)]
    [InlineData("*/10 * * * * *", true)]
    [InlineData("  0   9\t* * 1-5 ", false)]
    public void TryParse_Succeeds_WhenExpressionIsWellFormed(string expression, bool includesSeconds)
    {
        Assert.True(CronSchedule.TryParse(expression, "Europe/London", out var schedule, out var error), error);
        Assert.Equal(expression, schedule.Expression);
        Assert.Equal("Europe/London", schedule.TimeZone.Id);
        Assert.Equal(includesSeconds, schedule.IncludesSeconds);
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    public void TryParse_UsesUtc_WhenZoneIsEmpty(string zone)
    {
        Assert.True(CronSchedule.TryParse("0 * * * *", zone, out var schedule, out _));
        Assert.Same(TimeZoneInfo.Utc, schedule.TimeZone);
    }

    [Theory]
    [InlineData("", 0)]
    [InlineData("* * * *", 4)]
    [InlineData("* * * * * * *", 7)]
    public void TryParse_ExplainsFieldCount_WhenCountIsWrong(string expression, int found)
    {
        Assert.False(CronSchedule.TryParse(expression, "UTC", out var schedule, out var error));
        Assert.Null(schedule);
        Assert.Contains($"'{expression}'", error);
        Assert.Contains("expected 5 fields", error);
        Assert.Contains("or 6", error);
        Assert.EndsWith($"found {found}", error);
    }

    [Theory]
    [InlineData("61 * * * *", "minute", "61")]
    [InlineData("* 24 * * *", "hour", "24")]
    [InlineData("* * 0 * *", "day-of-month", "0")]
    [InlineData("* * * 13 *", "month", "13")]
    [InlineData("* * * FOO *", "month", "FOO")]
    [InlineData("* * * * 7", "day-of-week", "7")]
    [InlineData("60 * * * * *", "second", "60")]
    [InlineData("0 60 * * * *", "minute", "60")]
    [InlineData("*/0 * * * *", "minute", "*/0")]
    [InlineData("* */-1 * * *", "hour", "*/-1")]
    [InlineData("1,,2 * * * *", "minute", "1,,2")]
    [InlineData("99999999999 * * * *", "minute", "99999999999")]
    [InlineData("*/5/2 * * * *", "minute", "*/5/2")]
    [InlineData("a * * * *", "minute", "a")]
    public void TryParse_NamesTheBadField_WhenAFieldIsMalformed(string expression, string field, string token)
    {
        Assert.False(CronSchedule.TryParse(expression, "UTC", out _, out var error));
        Assert.Contains($"'{expression}'", error);
        Assert.Contains($"the {field} field '{token}'", error);
        Assert.Contains("expected", error);
    }

    [Fact]
    public void TryParse_ExplainsTheZone_WhenZoneIsUnknown()
    {
        Assert.False(CronSchedule.TryParse("* * * * *", "Mars/Olympus_Mons", out _, out var error));
        Assert.Equal("unknown time zone 'Mars/Olympus_Mons': expected an IANA id such as 'UTC' or 'Europe/London'", error);
    }

    [Fact]
    public void TryParse_SuggestsIanaId_WhenZoneIsAWindowsId()
    {
        Assert.False(CronSchedule.TryParse("* * * * *", "Eastern Standard Time", out _, out var error));
        Assert.Contains("'Eastern Standard Time'", error);
        Assert.Contains("'America/New_York'", error);
    }

    [Fact]
    public void Parse_ThrowsFormatExceptionWithTheError_WhenInvalid()
    {
        var exception = Assert.Throws<FormatException>(() => CronSchedule.Parse("* * *", "UTC"));
        Assert.Contains("'* * *'", exception.Message);
    }
}
