using Kairos.Host.Storage.Catalog;

namespace Kairos.Tests.Storage.Catalog;

public sealed class ReconcilePlanTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private static StoredJob Job(string version = "1", JobPolicies? policies = null) =>
        new() { Id = "j", Source = "app", Version = version, Policies = policies ?? JobPolicies.Default, UpdatedUtc = T0 };

    private static StoredTrigger Trigger(TriggerSpec spec, DateTimeOffset? next, TriggerOrigin origin = TriggerOrigin.Declared) => new()
    {
        Id = StoredTrigger.MakeId("j", spec.Key), JobId = "j", Spec = spec, Origin = origin, NextFireUtc = next,
    };

    [Fact]
    public void Of_InsertsTheJobAndEveryTrigger_WhenTheStoreHoldsNothing()
    {
        var declared = new[] { Trigger(TriggerSpec.Cron("a", "0 * * * *"), T0), Trigger(TriggerSpec.Cron("b", "30 * * * *"), T0) };

        var plan = ReconcilePlan.Of(Job(), declared, existing: null, stored: []);

        Assert.True(plan.InsertJob);
        Assert.False(plan.UpdateJob);
        Assert.Equal(declared, plan.Added);
        Assert.Empty(plan.Updated);
        Assert.Empty(plan.Removed);
        Assert.Equal(new ReconcileResult(true, 2, 0, 0), plan.Result);
    }

    [Fact]
    public void Of_WritesNothing_WhenTheDeclarationIsUnchanged()
    {
        var spec = TriggerSpec.Cron("a", "0 * * * *");

        var plan = ReconcilePlan.Of(Job(), [Trigger(spec, T0)], Job(), [Trigger(spec, T0.AddHours(3))]);

        Assert.False(plan.InsertJob);
        Assert.False(plan.UpdateJob);
        Assert.Empty(plan.Added);
        Assert.Empty(plan.Updated);
        Assert.Empty(plan.Removed);
        Assert.False(plan.Result.Changed);
    }

    [Fact]
    public void Of_UpdatesTheJob_KeepingItsPauseState_WhenItsPoliciesChanged()
    {
        var stored = Job();
        stored.Paused = true;
        stored.PauseReason = "maintenance";
        var job = Job(policies: JobPolicies.Default with { MaxAttempts = 3 });

        var plan = ReconcilePlan.Of(job, [], stored, []);

        Assert.True(plan.UpdateJob);
        Assert.Same(job, plan.Job);
        Assert.True(plan.Job.Paused);
        Assert.Equal("maintenance", plan.Job.PauseReason);
        Assert.True(plan.Result.JobChanged);
    }

    [Fact]
    public void Of_KeepsTheNextFire_WhenOnlyTheDataChanged_AndTakesTheDeclaredOne_WhenTheScheduleChanged()
    {
        var data = TriggerSpec.Cron("data", "0 * * * *");
        var schedule = TriggerSpec.Cron("schedule", "0 * * * *");
        var stored = new[] { Trigger(data, T0.AddHours(5)), Trigger(schedule, T0.AddHours(5)) };
        var declared = new[] { Trigger(data with { DataJson = "{\"x\":1}" }, T0), Trigger(TriggerSpec.Cron("schedule", "15 * * * *"), T0.AddMinutes(15)) };

        var plan = ReconcilePlan.Of(Job(), declared, Job(), stored);

        Assert.Equal(2, plan.Updated.Count);
        var keptNext = plan.Updated.Single(t => t.Spec.Key == "data");
        Assert.Equal("{\"x\":1}", keptNext.Spec.DataJson);
        Assert.Equal(T0.AddHours(5), keptNext.NextFireUtc);
        var movedNext = plan.Updated.Single(t => t.Spec.Key == "schedule");
        Assert.Equal("15 * * * *", movedNext.Spec.CronExpression);
        Assert.Equal(T0.AddMinutes(15), movedNext.NextFireUtc);
        Assert.Equal(new ReconcileResult(false, 0, 2, 0), plan.Result);
    }

    [Fact]
    public void Of_RemovesDeclaredTriggersNoLongerDeclared_AndNeverADynamicOne()
    {
        var stored = new[]
        {
            Trigger(TriggerSpec.Cron("gone", "0 * * * *"), T0),
            Trigger(TriggerSpec.Once("runtime", T0.AddDays(1)), T0.AddDays(1), TriggerOrigin.Dynamic),
        };

        var plan = ReconcilePlan.Of(Job(), [], Job(), stored);

        Assert.Equal(["j/gone"], plan.Removed);
        Assert.Equal(new ReconcileResult(false, 0, 0, 1), plan.Result);
    }

    [Fact]
    public void Of_TurnsADynamicTriggerDeclared_WhenTheJobNowDeclaresItsKey()
    {
        var spec = TriggerSpec.Cron("a", "0 * * * *");

        var plan = ReconcilePlan.Of(Job(), [Trigger(spec, T0)], Job(), [Trigger(spec, T0.AddHours(2), TriggerOrigin.Dynamic)]);

        var updated = Assert.Single(plan.Updated);
        Assert.Equal(TriggerOrigin.Declared, updated.Origin);
        Assert.Equal(T0.AddHours(2), updated.NextFireUtc);
    }
}
