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

    [Fact]
    public void AScheduleLookedUpOnce_ForATriggerBeingAdded_IsParsedButNotKept()
    {
        var cache = new CronCache();

        Assert.True(cache.TryLookup("0 9 * * *", "UTC", out var schedule, out var error));

        Assert.Null(error);
        Assert.Equal("0 9 * * *", schedule.Expression);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void AScheduleLookedUpTwice_IsKept_AndSharedFromThen()
    {
        var cache = new CronCache();
        cache.TryLookup("0 9 * * *", "America/New_York", out _, out _);

        Assert.True(cache.TryLookup("0 9 * * *", "America/New_York", out var second, out _));
        Assert.True(cache.TryLookup("0 9 * * *", "America/New_York", out var third, out _));

        Assert.Same(second, third);
        Assert.Same(second, cache.Get("0 9 * * *", "America/New_York"));
        Assert.Equal(1, cache.Count);
    }

    [Fact]
    public void ALookup_FindsTheScheduleTheLoopKept()
    {
        var cache = new CronCache();
        var kept = cache.Get("*/5 * * * *", "UTC");

        Assert.True(cache.TryLookup("*/5 * * * *", "UTC", out var found, out _));

        Assert.Same(kept, found);
    }

    [Fact]
    public void DistinctExpressionsLookedUpOnceEach_KeepNoSchedule()
    {
        var cache = new CronCache(capacity: 100);

        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(cache.TryLookup($"{i % 60} {i / 60 % 60} {i / 3600 % 24} 1 1 *", "UTC", out _, out _));
        }

        Assert.InRange(cache.Count, 0, 10); // only hash collisions of the lookup table keep one
    }

    [Fact]
    public void AnInvalidExpressionLookedUp_GivesTheErrorQuotingIt_AndIsNotKept()
    {
        var cache = new CronCache();

        Assert.False(cache.TryLookup("61 * * * *", "UTC", out var schedule, out var error));
        Assert.False(cache.TryLookup("61 * * * *", "UTC", out _, out var again));

        Assert.Null(schedule);
        Assert.Contains("'61 * * * *'", error, StringComparison.Ordinal);
        Assert.Equal(error, again);
        Assert.Equal(0, cache.Count);
    }
}
