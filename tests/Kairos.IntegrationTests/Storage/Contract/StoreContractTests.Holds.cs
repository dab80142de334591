using Kairos.Host.Storage.Catalog;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract for holds on a job: a pause with who and until when, and a job disabled by configuration.</summary>
public abstract partial class StoreContractTests
{
    [Fact]
    public void SetPaused_KeepsWhoAndUntilWhen_AndResumeClearsThem()
    {
        Catalog.Reconcile(Job("j"), []);

        Catalog.SetPaused("j", new JobPause("deploy", "cli:ana", T0.AddHours(1)), T0);
        var paused = OtherNode(1).Catalog.GetJob("j")!;
        Catalog.SetPaused("j", null, T0.AddMinutes(1));
        var resumed = Catalog.GetJob("j")!;

        Assert.Equal((true, "deploy", "cli:ana", T0.AddHours(1)), (paused.Paused, paused.PauseReason, paused.PausedBy, paused.PausedUntilUtc));
        Assert.Equal((false, null, null, null), (resumed.Paused, resumed.PauseReason, resumed.PausedBy, (DateTimeOffset?)resumed.PausedUntilUtc));
    }

    [Fact]
    public void ResumeExpired_ResumesOnlyPausesThatRanOut_EachOnceAcrossNodes()
    {
        Catalog.Reconcile(Job("soon"), []);
        Catalog.Reconcile(Job("later"), []);
        Catalog.Reconcile(Job("forever"), []);
        Catalog.SetPaused("soon", new JobPause(null, "api", T0.AddMinutes(5)), T0);
        Catalog.SetPaused("later", new JobPause(null, "api", T0.AddHours(5)), T0);
        Catalog.SetPaused("forever", new JobPause(null, "api"), T0);

        var before = Catalog.ResumeExpired(T0.AddMinutes(4));
        var first = Catalog.ResumeExpired(T0.AddMinutes(5));
        var second = OtherNode(1).Catalog.ResumeExpired(T0.AddMinutes(6));

        Assert.Empty(before);
        Assert.Equal(["soon"], first);
        Assert.Empty(second);
        Assert.False(Catalog.GetJob("soon")!.Paused);
        Assert.True(Catalog.GetJob("later")!.Paused);
        Assert.True(Catalog.GetJob("forever")!.Paused);
    }

    [Fact]
    public void ResumeExpired_MakesTheJobsFiresClaimableAgain()
    {
        Catalog.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        Catalog.SetPaused("j", new JobPause(null, "api", T0.AddMinutes(2)), T0);
        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddMinutes(1), "n", "j")));

        Catalog.ResumeExpired(T0.AddMinutes(2));

        Assert.NotEmpty(Claims.ClaimDueFires(Claim(T0.AddMinutes(2), "n", "j")));
    }

    [Fact]
    public void ADisabledJob_HasNoFireClaimedOrMarkedWaiting_UntilAReconcileEnablesIt_AndKeepsItsPause()
    {
        var disabled = Job("j");
        disabled.DisabledReason = "Kairos:Jobs:j:Enabled is false";
        Catalog.Reconcile(disabled, [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Empty(Claims.ClaimDueFires(Claim(T0.AddMinutes(1), "n", "j")));
        Assert.Equal(0, Claims.MarkWaitingForHandler(new HashSet<string>(), T0.AddMinutes(1)));
        Assert.Null(Claims.GetEarliestDue(new HashSet<string> { "j" }));
        Assert.Equal("Kairos:Jobs:j:Enabled is false", OtherNode(1).Catalog.GetJob("j")!.DisabledReason);

        Catalog.SetPaused("j", new JobPause("still paused", "api"), T0);
        var result = Catalog.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.True(result.JobChanged);
        var job = Catalog.GetJob("j")!;
        Assert.Null(job.DisabledReason);
        Assert.Equal((true, "still paused", "api"), (job.Paused, job.PauseReason, job.PausedBy));
    }
}
