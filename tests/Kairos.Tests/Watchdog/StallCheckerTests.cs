using Kairos.Host.Watchdog;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Watchdog;

public sealed class StallCheckerTests
{
    private static readonly TimeSpan Threshold = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 3, 1, 9, 0, 0, TimeSpan.Zero));
    private readonly StallChecker _checker = new(Threshold);

    private IReadOnlyList<StallChange> Check(params ProgressStamp[] stamps) => _checker.Check(stamps.Select(s => s.Current), _time.GetUtcNow());

    [Fact]
    public void Check_ReportsAStep_HeldPastTheThreshold_NamingPartAndStep_Once()
    {
        var loop = new ProgressStamp("scheduler-loop", _time);
        loop.Step("claiming due fires");
        _time.Advance(Threshold);
        Assert.Empty(Check(loop));

        _time.Advance(TimeSpan.FromSeconds(1));
        var stall = Assert.Single(Check(loop));

        Assert.Equal(("scheduler-loop", "claiming due fires", false, TimeSpan.FromSeconds(31)), (stall.Stuck.Part, stall.Stuck.Step, stall.Recovered, stall.For));
        Assert.Equal("scheduler-loop", Assert.Single(_checker.Stalled).Part);
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Empty(Check(loop));
    }

    [Fact]
    public void Check_ReportsTheRecovery_WhenThePartTakesAnotherStep()
    {
        var loop = new ProgressStamp("scheduler-loop", _time);
        loop.Step("housekeeping");
        _time.Advance(TimeSpan.FromSeconds(45));
        Assert.Single(Check(loop));

        _time.Advance(TimeSpan.FromSeconds(15));
        loop.Step("claiming due fires");
        var recovery = Assert.Single(Check(loop));

        Assert.Equal((true, "housekeeping", "claiming due fires", TimeSpan.FromMinutes(1)), (recovery.Recovered, recovery.Stuck.Step, recovery.Current.Step, recovery.For));
        Assert.Empty(_checker.Stalled);
    }

    [Fact]
    public void Check_CountsAWait_FromTheInstantItShouldEnd()
    {
        var loop = new ProgressStamp("scheduler-loop", _time);
        loop.Waiting(_time.GetUtcNow() + TimeSpan.FromMinutes(10));
        _time.Advance(TimeSpan.FromMinutes(10) + Threshold);
        Assert.Empty(Check(loop));

        _time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("waiting", Assert.Single(Check(loop)).Stuck.Step);
    }

    [Fact]
    public void Check_NeverReportsAnIdlePart()
    {
        var dispatcher = new ProgressStamp("dispatcher", _time);
        dispatcher.Step("dispatching");
        dispatcher.Idle();
        _time.Advance(TimeSpan.FromDays(1));

        Assert.Empty(Check(dispatcher));
    }

    [Fact]
    public void Check_JudgesEachPartOnItsOwn()
    {
        var loop = new ProgressStamp("scheduler-loop", _time);
        var dispatcher = new ProgressStamp("dispatcher", _time);
        dispatcher.Step("dispatching");
        _time.Advance(TimeSpan.FromSeconds(20));
        loop.Step("claiming due fires");
        _time.Advance(TimeSpan.FromSeconds(20));

        Assert.Equal("dispatcher", Assert.Single(Check(loop, dispatcher)).Stuck.Part);
    }

    [Theory]
    [InlineData(0.5, false)]
    [InlineData(1, true)]
    [InlineData(30, true)]
    public void Validator_RefusesAThresholdBelowASecond_QuotingIt(double seconds, bool valid)
    {
        var result = new WatchdogOptionsValidator().Validate(null, new WatchdogOptions { StallThreshold = TimeSpan.FromSeconds(seconds) });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("Kairos:Watchdog:StallThreshold is '00:00:00.5000000': expected a duration of at least 1 second", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Defaults_AreOnWithAThirtySecondThreshold()
    {
        var options = Options.Create(new WatchdogOptions()).Value;

        Assert.Equal((true, TimeSpan.FromSeconds(30)), (options.Enabled, options.StallThreshold));
    }
}
