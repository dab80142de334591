using Kairos.Host.Scheduling.Cron;

namespace Kairos.Tests.Scheduling.Cron;

public sealed class CronCacheTests
{
    [Fact]
    public void AnExpressionInAZone_IsParsedOnce_AndShared()
    {
        var cache = new CronCache();

        var first = cache.Get("0 9 * * *", "America/New_York");

        Assert.Same(first, cache.Get("0 9 * * *", "America/New_York"));
        Assert.NotSame(first, cache.Get("0 9 * * *", "UTC"));
        Assert.Equal(2, cache.Count);
    }

    [Fact]
    public void DistinctExpressions_HoldAtMostTwoGenerations_NotOneScheduleEach()
    {
        var cache = new CronCache(capacity: 100);

        for (var i = 0; i < 10_000; i++)
        {
            cache.Get($"{i % 60} {i / 60 % 60} {i / 3600 % 24} 1 1 *", "UTC");
        }

        Assert.InRange(cache.Count, 1, 200);
    }

    [Fact]
    public void AScheduleInUse_StaysParsed_WhileOthersComeAndGo()
    {
        var cache = new CronCache(capacity: 10);
        var used = cache.Get("*/5 * * * *", "UTC");

        for (var i = 0; i < 1_000; i++)
        {
            cache.Get($"{i % 60} {i / 60 % 24} 1 1 *", "UTC");
            Assert.Same(used, cache.Get("*/5 * * * *", "UTC"));
        }
    }

    [Fact]
    public void AnInvalidExpression_ThrowsQuotingIt_AndIsNotCached()
    {
        var cache = new CronCache();

        var error = Assert.Throws<FormatException>(() => cache.Get("61 * * * *", "UTC"));

        Assert.Contains("61", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, cache.Count);
    }
}
