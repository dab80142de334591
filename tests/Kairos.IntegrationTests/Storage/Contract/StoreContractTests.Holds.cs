using Kairos.Host.Storage.Catalog;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for holds on a job: a pause with who and until when, and a job disabled by configuration.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void SetPaused_KeepsWhoAndUntilWhen_AndResumeClearsThem()
    {
        Jobs.Reconcile(Job("j"), []);

        Jobs.SetPaused("j", new JobPause("deploy", "cli:ana", T0.AddHours(1)), T0);
        var paused = OtherNode(1).Jobs.GetJob("j")!;
        Jobs.SetPaused("j", null, T0.AddMinutes(1));
        var resumed = Jobs.GetJob("j")!;

        Assert.Equal((true, "deploy", "cli:ana", T0.AddHours(1)), (paused.Paused, paused.PauseReason, paused.PausedBy, paused.PausedUntilUtc));
        Assert.Equal((false, null, null, null), (resumed.Paused, resumed.PauseReason, resumed.PausedBy, (DateTimeOffset?)resumed.PausedUntilUtc));
    }

    [Fact]
    public void ResumeExpired_ResumesOnlyPausesThatRanOut_EachOnceAcrossNodes()
    {
        Jobs.Reconcile(Job("soon"), []);
        Jobs.Reconcile(Job("later"), []);
        Jobs.Reconcile(Job("forever"), []);
        Jobs.SetPaused("soon", new JobPause(null, "api", T0.AddMinutes(5)), T0);
        Jobs.SetPaused("later", new JobPause(null, "api", T0.AddHours(5)), T0);
        Jobs.SetPaused("forever", new JobPause(null, "api"), T0);

        var before = Jobs.ResumeExpired(T0.AddMinutes(4));
        var first = Jobs.ResumeExpired(T0.AddMinutes(5));
        var second = OtherNode(1).Jobs.ResumeExpired(T0.AddMinutes(6));

        Assert.Empty(before);
        Assert.Equal(["soon"], first);
        Assert.Empty(second);
        Assert.False(Jobs.GetJob("soon")!.Paused);
        Assert.True(Jobs.GetJob("later")!.Paused);
        Assert.True(Jobs.GetJob("forever")!.Paused);
    }

    [Fact]
    public void ResumeExpired_MakesTheJobsFiresClaimableAgain()
    {
        Jobs.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Jobs.SetPaused("j", new JobPause(null, "api", T0.AddMinutes(2)), T0);
        Assert.Empty(Runs.ClaimDueFires(Claim(T0.AddMinutes(1), "n", "j")));

        Jobs.ResumeExpired(T0.AddMinutes(2));

        Assert.NotEmpty(Runs.ClaimDueFires(Claim(T0.AddMinutes(2), "n", "j")));
    }

    [Fact]
    public void ADisabledJob_HasNoFireClaimedOrMarkedWaiting_UntilAReconcileEnablesIt_AndKeepsItsPause()
    {
        var disabled = Job("j");
        disabled.DisabledReason = "Kairos:Jobs:j:Enabled is false";
        Jobs.Reconcile(disabled, [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Empty(Runs.ClaimDueFires(Claim(T0.AddMinutes(1), "n", "j")));
        Assert.Equal(0, Runs.MarkWaitingForHandler(new HashSet<string>(), T0.AddMinutes(1)));
        Assert.Null(Triggers.GetEarliestDue(new HashSet<string> { "j" }));
        Assert.Equal("Kairos:Jobs:j:Enabled is false", OtherNode(1).Jobs.GetJob("j")!.DisabledReason);

        Jobs.SetPaused("j", new JobPause("still paused", "api"), T0);
        var result = Jobs.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.True(result.JobChanged);
        var job = Jobs.GetJob("j")!;
        Assert.Null(job.DisabledReason);
        Assert.Equal((true, "still paused", "api"), (job.Paused, job.PauseReason, job.PausedBy));
    }
}
