using Kairos.Host.Scheduling.Planning;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class FirePlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly FirePlanner Planner = new(new TriggerSchedule(), TimeSpan.FromSeconds(60), fireAllCap: 5);

    private static TriggerSpec EveryMinute(MisfirePolicy policy) => TriggerSpec.Cron("k", "* * * * *") with { Misfire = policy };

    [Fact]
    public void Plan_RunsTheFireAndAdvances_WhenOnTime()
    {
        var plan = Planner.Plan("job", EveryMinute(MisfirePolicy.FireOnce), T0, T0.AddSeconds(2));

        Assert.Equal([T0], plan.Run);
        Assert.Empty(plan.Misfired);
        Assert.Equal(T0.AddMinutes(1), plan.NextFireUtc);
    }

    [Fact]
    public void Plan_RunsLatestMissedOnceAndRecordsTheRest_WhenFireOnceAfterDowntime()
    {
        var plan = Planner.Plan("job", EveryMinute(MisfirePolicy.FireOnce), T0, T0.AddMinutes(10).AddSeconds(5));

        // 10:00..10:09 are late (more than 60 s); 10:10 is on time.
        Assert.Equal([T0.AddMinutes(9), T0.AddMinutes(10)], plan.Run);
        Assert.Equal(9, plan.Misfired.Count);
        Assert.DoesNotContain(T0.AddMinutes(9), plan.Misfired);
        Assert.Equal(T0.AddMinutes(11), plan.NextFireUtc);
    }

    [Fact]
    public void Plan_RunsMissedUpToTheCap_WhenFireAll()
    {
        var plan = Planner.Plan("job", EveryMinute(MisfirePolicy.FireAll), T0, T0.AddMinutes(10).AddSeconds(5));

        Assert.Equal(6, plan.Run.Count); // 5 capped late fires + the on-time one
        Assert.Equal(T0, plan.Run[0]);
        Assert.Equal(5, plan.Misfired.Count);
    }

    [Fact]
    public void Plan_RunsNoMissedFire_WhenSkip()
    {
        var plan = Planner.Plan("job", EveryMinute(MisfirePolicy.Skip), T0, T0.AddMinutes(10).AddSeconds(5));

        Assert.Equal([T0.AddMinutes(10)], plan.Run);
        Assert.Equal(10, plan.Misfired.Count);
    }

    [Fact]
    public void Plan_CountsInsteadOfRecording_WhenTheBacklogIsHuge()
    {
        var everySecond = TriggerSpec.Cron("k", "* * * * * *") with { Misfire = MisfirePolicy.Skip };

        var plan = Planner.Plan("job", everySecond, T0, T0.AddDays(1));

        Assert.Equal(FirePlanner.MaxMisfireRecords, plan.Misfired.Count);
        Assert.True(plan.MisfiredNotRecorded > 80_000);
        Assert.True(plan.NextFireUtc > T0.AddDays(1));
    }

    [Fact]
    public void Plan_EndsTheTrigger_WhenOneShotFired()
    {
        var plan = Planner.Plan("job", TriggerSpec.Once("k", T0), T0, T0.AddSeconds(1));

        Assert.Equal([T0], plan.Run);
        Assert.Null(plan.NextFireUtc);
    }

    [Fact]
    public void Plan_StopsAtTheEnd_WhenTheTriggerHasAnEnd()
    {
        var spec = EveryMinute(MisfirePolicy.FireOnce) with { EndUtc = T0.AddMinutes(1) };

        var plan = Planner.Plan("job", spec, T0.AddMinutes(1), T0.AddMinutes(1).AddSeconds(1));

        Assert.Equal([T0.AddMinutes(1)], plan.Run);
        Assert.Null(plan.NextFireUtc);
    }

    [Fact]
    public void Plan_AdvancesByPeriod_WhenIntervalTrigger()
    {
        var plan = Planner.Plan("job", TriggerSpec.Interval("k", TimeSpan.FromSeconds(30)), T0, T0.AddSeconds(1));

        Assert.Equal(T0.AddSeconds(30), plan.NextFireUtc);
    }
}
