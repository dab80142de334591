using Kairos.Host.Scheduling.Planning;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Scheduling.Planning;

public sealed class ClaimPlannerTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly FirePlanner Fires = new(new TriggerSchedule(), TimeSpan.FromMinutes(1), fireAllCap: 5);

    private static StoredTrigger EveryMinute(DateTimeOffset next) => new()
    {
        Id = "j/default", JobId = "j", Spec = TriggerSpec.Cron("default", "* * * * *"), Origin = TriggerOrigin.Declared, NextFireUtc = next,
    };

    private static ClaimWindow Window(DateTimeOffset now) => new(now, now, "node-a", now.AddSeconds(30));

    [Fact]
    public void Plan_LeavesTheTriggerAlone_WhenThisHostDoesNotRunTheJob()
    {
        var trigger = EveryMinute(T0);

        var claim = new ClaimPlanner(Fires, _ => null).Plan(trigger, [], Window(T0.AddMinutes(1)));

        Assert.Null(claim);
        Assert.Equal(T0, trigger.NextFireUtc);
    }

    [Fact]
    public void Plan_WritesPendingRunsOwnedByTheNode_WithTheConcurrencyKeyOfTheJobsPolicies()
    {
        var policies = JobPolicies.Default with { Scope = ConcurrencyScope.Trigger };

        var claim = new ClaimPlanner(Fires, _ => policies).Plan(EveryMinute(T0), [], Window(T0.AddMinutes(1)))!;

        Assert.Equal([T0, T0.AddMinutes(1)], claim.Runs.Select(r => r.ScheduledUtc));
        Assert.All(claim.Runs, r =>
        {
            Assert.Equal(RunStatus.Pending, r.Status);
            Assert.Equal("node-a", r.Node);
            Assert.Equal(T0.AddMinutes(1).AddSeconds(30), r.LeaseExpiresUtc);
            Assert.Equal("j/default", r.ConcurrencyKey);
        });
        Assert.Equal(T0.AddMinutes(2), claim.Trigger.NextFireUtc);
        Assert.Equal(T0.AddMinutes(1), claim.Trigger.LastFireUtc);
    }

    [Fact]
    public void Plan_TakesOverTheWaitingRecordOfAFire_AndLeavesTheOthersToDelete()
    {
        RunRecord Waiting(string id, DateTimeOffset at) => new()
        {
            Id = id, JobId = "j", TriggerKey = "default", ConcurrencyKey = "j", ScheduledUtc = at, NotBeforeUtc = at, Status = RunStatus.WaitingForHandler,
        };

        var claim = new ClaimPlanner(Fires, _ => JobPolicies.Default).Plan(
            EveryMinute(T0), [Waiting("w0", T0), Waiting("old", T0.AddHours(-1))], Window(T0))!;

        var run = Assert.Single(claim.Runs);
        Assert.Equal("w0", run.Id);
        Assert.Equal(["w0"], claim.TakenOver);
        Assert.Equal(["old"], claim.LeftoverRunIds);
    }

    [Fact]
    public void Plan_RecordsMissedFiresAsMisfired_AndDeletesADynamicTriggerThatNeverFiresAgain()
    {
        var once = new StoredTrigger
        {
            Id = "j/once", JobId = "j", Spec = TriggerSpec.Once("once", T0) with { Misfire = MisfirePolicy.Skip },
            Origin = TriggerOrigin.Dynamic, NextFireUtc = T0,
        };

        var claim = new ClaimPlanner(Fires, _ => JobPolicies.Default).Plan(once, [], Window(T0.AddMinutes(10)))!;

        Assert.Empty(claim.Runs);
        var misfired = Assert.Single(claim.Misfired);
        Assert.Equal(RunStatus.Misfired, misfired.Status);
        Assert.Equal(T0.AddMinutes(10), misfired.EndedUtc);
        Assert.Null(misfired.Node);
        Assert.Contains("misfire policy Skip", misfired.ErrorMessage);
        Assert.True(claim.DeleteTrigger);
    }
}
