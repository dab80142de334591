using System.Globalization;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

/// <summary>
/// DESIGN.md §4 worked through by hand. Instants are UTC; the comments give the local wall time.
/// America/New_York 2025: 02:00 EST → 03:00 EDT on 9 March (07:00Z); 02:00 EDT → 01:00 EST on 2 November (06:00Z).
/// Europe/London 2025: 01:00 GMT → 02:00 BST on 30 March (01:00Z); 02:00 BST → 01:00 GMT on 26 October (01:00Z).
/// Australia/Lord_Howe 2025 (30-minute shift): 02:00 +11 → 01:30 +10:30 on 6 April (15:00Z on the 5th);
/// 02:00 +10:30 → 02:30 +11 on 5 October (15:30Z on the 4th).
/// </summary>
public sealed class CronScheduleDstTests
{
    [Theory]
    // 02:30 does not exist: fires at 03:00 EDT, then 02:30 EDT the next day.
    [InlineData("America/New_York", "30 2 * * *", "2025-03-09T05:00:00Z", "2025-03-09T07:00:00Z,2025-03-10T06:30:00Z")]
    [InlineData("America/New_York", "0 30 2 * * *", "2025-03-09T05:00:00Z", "2025-03-09T07:00:00Z,2025-03-10T06:30:00Z")]
    // Four local times in the gap collapse into one fire at 03:00 EDT.
    [InlineData("America/New_York", "*/15 2 * * *", "2025-03-09T05:00:00Z", "2025-03-09T07:00:00Z,2025-03-10T06:00:00Z,2025-03-10T06:15:00Z")]
    // 01:00, 01:30 EST; 02:00 and 02:30 fall in the gap and 03:00 EDT is the gap's end: one fire; then 03:30 EDT.
    [InlineData("America/New_York", "*/30 1-3 * * *", "2025-03-09T05:00:00Z", "2025-03-09T06:00:00Z,2025-03-09T06:30:00Z,2025-03-09T07:00:00Z,2025-03-09T07:30:00Z,2025-03-10T05:00:00Z")]
    [InlineData("America/New_York", "0 */30 1-3 * * *", "2025-03-09T05:00:00Z", "2025-03-09T06:00:00Z,2025-03-09T06:30:00Z,2025-03-09T07:00:00Z,2025-03-09T07:30:00Z,2025-03-10T05:00:00Z")]
    [InlineData("Europe/London", "30 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z,2025-03-31T00:30:00Z")]
    [InlineData("Europe/London", "0 30 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z,2025-03-31T00:30:00Z")]
    [InlineData("Europe/London", "*/20 1 * * *", "2025-03-29T12:00:00Z", "2025-03-30T01:00:00Z,2025-03-31T00:00:00Z,2025-03-31T00:20:00Z")]
    // Lord Howe's gap is 02:00-02:29: 02:15 fires at 02:30 +11; 02:45 is a real time.
    [InlineData("Australia/Lord_Howe", "15 2 * * *", "2025-10-04T12:00:00Z", "2025-10-04T15:30:00Z,2025-10-05T15:15:00Z")]
    [InlineData("Australia/Lord_Howe", "0 45 2 * * *", "2025-10-04T12:00:00Z", "2025-10-04T15:45:00Z,2025-10-05T15:45:00Z")]
    [InlineData("Australia/Lord_Howe", "*/10 2 * * *", "2025-10-04T12:00:00Z", "2025-10-04T15:30:00Z,2025-10-04T15:40:00Z,2025-10-04T15:50:00Z,2025-10-05T15:00:00Z")]
    [InlineData("Australia/Lord_Howe", "0 */10 2 * * *", "2025-10-04T12:00:00Z", "2025-10-04T15:30:00Z,2025-10-04T15:40:00Z,2025-10-04T15:50:00Z,2025-10-05T15:00:00Z")]
    public void GetNext_FiresOnceAtGapEnd_WhenClockJumpsForward(string zone, string expression, string after, string expected) =>
        AssertOccurrences(zone, expression, after, expected);

    [Theory]
    // 01:30 EDT only; the 01:30 EST of the same night does not fire.
    [InlineData("America/New_York", "30 1 * * *", "2025-11-02T04:00:00Z", "2025-11-02T05:30:00Z,2025-11-03T06:30:00Z")]
    [InlineData("America/New_York", "0 30 1 * * *", "2025-11-02T04:00:00Z", "2025-11-02T05:30:00Z,2025-11-03T06:30:00Z")]
    // A list is not an interval.
    [InlineData("America/New_York", "0,30 1 * * *", "2025-11-02T04:00:00Z", "2025-11-02T05:00:00Z,2025-11-02T05:30:00Z,2025-11-03T06:00:00Z")]
    [InlineData("Europe/London", "30 1 * * *", "2025-10-25T23:00:00Z", "2025-10-26T00:30:00Z,2025-10-27T01:30:00Z")]
    [InlineData("Europe/London", "0 30 1 * * *", "2025-10-25T23:00:00Z", "2025-10-26T00:30:00Z,2025-10-27T01:30:00Z")]
    [InlineData("Australia/Lord_Howe", "45 1 * * *", "2025-04-05T13:00:00Z", "2025-04-05T14:45:00Z,2025-04-06T15:15:00Z")]
    [InlineData("Australia/Lord_Howe", "0 45 1 * * *", "2025-04-05T13:00:00Z", "2025-04-05T14:45:00Z,2025-04-06T15:15:00Z")]
    // 01:15 is before Lord Howe's repeated half hour (01:30-01:59): an ordinary time.
    [InlineData("Australia/Lord_Howe", "15 1 * * *", "2025-04-05T13:00:00Z", "2025-04-05T14:15:00Z,2025-04-06T14:45:00Z")]
    public void GetNext_FiresOnlyInFirstPass_WhenFixedTimeIsRepeated(string zone, string expression, string after, string expected) =>
        AssertOccurrences(zone, expression, after, expected);

    [Theory]
    [InlineData("America/New_York", "*/30 1 * * *", "2025-11-02T04:00:00Z", "2025-11-02T05:00:00Z,2025-11-02T05:30:00Z,2025-11-02T06:00:00Z,2025-11-02T06:30:00Z,2025-11-03T06:00:00Z")]
    // 01:00 EDT, 01:00 EST, 02:00 EST.
    [InlineData("America/New_York", "0 * * * *", "2025-11-02T04:30:00Z", "2025-11-02T05:00:00Z,2025-11-02T06:00:00Z,2025-11-02T07:00:00Z")]
    [InlineData("America/New_York", "*/20 30 1 * * *", "2025-11-02T04:00:00Z", "2025-11-02T05:30:00Z,2025-11-02T05:30:20Z,2025-11-02T05:30:40Z,2025-11-02T06:30:00Z,2025-11-02T06:30:20Z,2025-11-02T06:30:40Z")]
    [InlineData("Europe/London", "*/30 1 * * *", "2025-10-25T23:00:00Z", "2025-10-26T00:00:00Z,2025-10-26T00:30:00Z,2025-10-26T01:00:00Z,2025-10-26T01:30:00Z,2025-10-27T01:00:00Z")]
    [InlineData("Europe/London", "0 0-30/30 1 * * *", "2025-10-25T23:00:00Z", "2025-10-26T00:00:00Z,2025-10-26T00:30:00Z,2025-10-26T01:00:00Z,2025-10-26T01:30:00Z,2025-10-27T01:00:00Z")]
    // 01:00 and 01:15 happen once; 01:30 and 01:45 twice (+11, then +10:30).
    [InlineData("Australia/Lord_Howe", "*/15 1 * * *", "2025-04-05T13:00:00Z", "2025-04-05T14:00:00Z,2025-04-05T14:15:00Z,2025-04-05T14:30:00Z,2025-04-05T14:45:00Z,2025-04-05T15:00:00Z,2025-04-05T15:15:00Z,2025-04-06T14:30:00Z")]
    [InlineData("Australia/Lord_Howe", "0 */15 1 * * *", "2025-04-05T13:00:00Z", "2025-04-05T14:00:00Z,2025-04-05T14:15:00Z,2025-04-05T14:30:00Z,2025-04-05T14:45:00Z,2025-04-05T15:00:00Z,2025-04-05T15:15:00Z,2025-04-06T14:30:00Z")]
    public void GetNext_FiresInBothPasses_WhenIntervalExpressionMeetsRepeatedHour(string zone, string expression, string after, string expected) =>
        AssertOccurrences(zone, expression, after, expected);

    [Theory]
    // Starting at 01:10 EST (second pass): 01:30 already fired as 01:30 EDT.
    [InlineData("America/New_York", "30 1 * * *", "2025-11-02T06:10:00Z", "2025-11-03T06:30:00Z")]
    [InlineData("America/New_York", "*/30 1 * * *", "2025-11-02T06:10:00Z", "2025-11-02T06:30:00Z,2025-11-03T06:00:00Z")]
    // Starting at 01:45 EDT (first pass): a fixed 01:15 waits for tomorrow, an interval fires at 01:15 EST.
    [InlineData("America/New_York", "15 1 * * *", "2025-11-02T05:45:00Z", "2025-11-03T06:15:00Z")]
    [InlineData("America/New_York", "15 * * * *", "2025-11-02T05:45:00Z", "2025-11-02T06:15:00Z,2025-11-02T07:15:00Z")]
    [InlineData("Australia/Lord_Howe", "45 1 * * *", "2025-04-05T14:50:00Z", "2025-04-06T15:15:00Z")]
    [InlineData("Australia/Lord_Howe", "*/15 1 * * *", "2025-04-05T14:50:00Z", "2025-04-05T15:00:00Z,2025-04-05T15:15:00Z,2025-04-06T14:30:00Z")]
    public void GetNext_ContinuesCorrectly_WhenStartingInsideRepeatedHour(string zone, string expression, string after, string expected) =>
        AssertOccurrences(zone, expression, after, expected);

    private static void AssertOccurrences(string zone, string expression, string after, string expected)
    {
        var schedule = CronSchedule.Parse(expression, zone);
        var want = expected.Split(',').Select(Instant).ToArray();

        var fast = schedule.GetOccurrences(Instant(after), want.Length + 1).Take(want.Length).ToArray();
        var byRules = Chain(schedule.GetNextOccurrenceByRules, Instant(after), want.Length);

        Assert.Equal(want, fast);
        Assert.Equal(want, byRules);
    }

    private static DateTimeOffset[] Chain(Func<DateTimeOffset, DateTimeOffset?> next, DateTimeOffset after, int count)
    {
        var result = new List<DateTimeOffset>();
        for (var at = after; result.Count < count && next(at) is { } found; at = found)
        {
            result.Add(found);
        }
        return [.. result];
    }

    private static DateTimeOffset Instant(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
