using Kairos.Host.Execution.Admission;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Execution.Admission;

public sealed class RunAdmissionTests
{
    [Fact]
    public void ARunTheStartPolicyStarted_Starts()
    {
        Assert.Equal(AdmissionDecision.Start, RunAdmission.Decide(StartResult.Started, OverlapPolicy.Skip, keyOutcomePending: false));
    }

    [Fact]
    public void ARunTheStoreNoLongerHoldsPending_IsDropped()
    {
        Assert.Equal(AdmissionDecision.Drop, RunAdmission.Decide(StartResult.Gone, OverlapPolicy.Queue, keyOutcomePending: false));
    }

    [Theory]
    [InlineData(OverlapPolicy.Queue, nameof(AdmissionDecision.Wait))]
    [InlineData(OverlapPolicy.Replace, nameof(AdmissionDecision.Replace))]
    [InlineData(OverlapPolicy.Skip, nameof(AdmissionDecision.Skip))]
    [InlineData(OverlapPolicy.Allow, nameof(AdmissionDecision.Skip))]
    public void ARunWhoseKeyIsBusy_GetsWhatItsOverlapPolicySays(OverlapPolicy overlap, string expected)
    {
        Assert.Equal(expected, RunAdmission.Decide(StartResult.Busy, overlap, keyOutcomePending: false).ToString());
    }

    [Theory]
    [InlineData(OverlapPolicy.Replace)]
    [InlineData(OverlapPolicy.Skip)]
    public void ARunWhoseKeyIsBusyOnlyUntilAnOutcomeIsWritten_WaitsWhateverItsPolicy(OverlapPolicy overlap)
    {
        Assert.Equal(AdmissionDecision.Wait, RunAdmission.Decide(StartResult.Busy, overlap, keyOutcomePending: true));
    }

    [Theory]
    [InlineData(OverlapPolicy.Replace)]
    [InlineData(OverlapPolicy.Skip)]
    [InlineData(OverlapPolicy.Allow)]
    public void ABackfillRunWhoseKeyIsBusy_WaitsWhateverItsPolicy(OverlapPolicy overlap)
    {
        Assert.Equal(AdmissionDecision.Wait, RunAdmission.Decide(StartResult.Busy, overlap, keyOutcomePending: false, queues: true));
    }
}
