using Kairos.Host.Catalog.Settings;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Catalog.Settings;

public sealed class JobOverridesTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Read_BindsEveryJobAndTriggerKey_CaseInsensitively()
    {
        var overrides = JobOverrides.Read(Settings(
            ("Kairos:Jobs:Billing.Sync:enabled", "false"),
            ("Kairos:Jobs:billing.sync:Timeout", "90s"),
            ("Kairos:Jobs:billing.sync:MaxAttempts", "3"),
            ("Kairos:Jobs:billing.sync:RetryBackoff", "5m"),
            ("Kairos:Jobs:billing.sync:Overlap", "queue"),
            ("Kairos:Jobs:billing.sync:MaxConcurrency", "2"),
            ("Kairos:Jobs:billing.sync:RetentionCount", "50"),
            ("Kairos:Jobs:billing.sync:RetentionDays", "1.5"),
            ("Kairos:Jobs:billing.sync:PauseAfterFailures", "4"),
            ("Kairos:Jobs:billing.sync:Triggers:Nightly:Cron", "0 3 * * *"),
            ("Kairos:Jobs:billing.sync:Triggers:nightly:TimeZone", "Europe/London"),
            ("Kairos:Jobs:billing.sync:Triggers:nightly:Misfire", "fire-all"),
            ("Kairos:Jobs:billing.sync:Triggers:nightly:Priority", "-2"),
            ("Kairos:Jobs:billing.sync:Triggers:poll:Interval", "30s")), out var errors);

        Assert.Empty(errors);
        var job = overrides.For("billing.sync")!;
        Assert.False(job.Enabled);
        Assert.Equal(TimeSpan.FromSeconds(90), job.Timeout);
        Assert.Equal(3, job.MaxAttempts);
        Assert.Equal(TimeSpan.FromMinutes(5), job.RetryBackoff);
        Assert.Equal(OverlapPolicy.Queue, job.Overlap);
        Assert.Equal(2, job.MaxConcurrency);
        Assert.Equal(50, job.RetentionCount);
        Assert.Equal(1.5, job.RetentionDays);
        Assert.Equal(4, job.PauseAfterFailures);
        var nightly = job.Triggers["nightly"];
        Assert.Equal("0 3 * * *", nightly.Cron);
        Assert.Equal("Europe/London", nightly.TimeZone);
        Assert.Equal(MisfirePolicy.FireAll, nightly.Misfire);
        Assert.Equal(-2, nightly.Priority);
        Assert.Equal(TimeSpan.FromSeconds(30), job.Triggers["POLL"].Interval);
    }

    [Theory]
    [InlineData("Kairos:Jobs:a.job:Enabled", "nope", "Kairos:Jobs:a.job:Enabled is 'nope': expected true or false")]
    [InlineData("Kairos:Jobs:a.job:Timeout", "soon", "Kairos:Jobs:a.job:Timeout is 'soon': expected a duration such as")]
    [InlineData("Kairos:Jobs:a.job:Timeout", "-5s", "Kairos:Jobs:a.job:Timeout is '-5s': expected zero (no timeout) or a positive duration")]
    [InlineData("Kairos:Jobs:a.job:MaxAttempts", "0", "Kairos:Jobs:a.job:MaxAttempts is '0': expected at least 1")]
    [InlineData("Kairos:Jobs:a.job:MaxAttempts", "three", "Kairos:Jobs:a.job:MaxAttempts is 'three': expected a whole number")]
    [InlineData("Kairos:Jobs:a.job:RetryBackoff", "-1m", "Kairos:Jobs:a.job:RetryBackoff is '-1m': expected zero or a positive duration")]
    [InlineData("Kairos:Jobs:a.job:Overlap", "sometimes", "Kairos:Jobs:a.job:Overlap is 'sometimes': expected 'Skip', 'Queue', 'Allow', 'Replace'")]
    [InlineData("Kairos:Jobs:a.job:MaxConcurrency", "0", "Kairos:Jobs:a.job:MaxConcurrency is '0': expected at least 1")]
    [InlineData("Kairos:Jobs:a.job:RetentionCount", "-1", "Kairos:Jobs:a.job:RetentionCount is '-1': expected zero (host default) or more")]
    [InlineData("Kairos:Jobs:a.job:RetentionDays", "week", "Kairos:Jobs:a.job:RetentionDays is 'week': expected a number")]
    [InlineData("Kairos:Jobs:a.job:RetentionDays", "-2", "Kairos:Jobs:a.job:RetentionDays is '-2': expected a number of days, zero (host default) or more")]
    [InlineData("Kairos:Jobs:a.job:PauseAfterFailures", "-1", "Kairos:Jobs:a.job:PauseAfterFailures is '-1': expected zero (never) or more")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:Cron", "61 * * * *", "Kairos:Jobs:a.job:Triggers:main:Cron is '61 * * * *': invalid cron expression '61 * * * *'")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:Interval", "500ms", "Kairos:Jobs:a.job:Triggers:main:Interval is '500ms': expected a duration such as")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:Interval", "often", "Kairos:Jobs:a.job:Triggers:main:Interval is 'often': expected a duration such as")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:TimeZone", "Mars/Olympus", "Kairos:Jobs:a.job:Triggers:main:TimeZone is 'Mars/Olympus': expected an IANA time zone id")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:Misfire", "never", "Kairos:Jobs:a.job:Triggers:main:Misfire is 'never': expected 'FireOnce', 'FireAll', 'Skip'")]
    [InlineData("Kairos:Jobs:a.job:Triggers:main:Priority", "high", "Kairos:Jobs:a.job:Triggers:main:Priority is 'high': expected a whole number")]
    [InlineData("Kairos:Jobs:Not A Job:Enabled", "false", "Kairos:Jobs:Not A Job names no valid job: job id 'Not A Job' is invalid")]
    public void Read_NamesTheKeyTheValueAndWhatWasExpected_ForEachBadValue(string key, string value, string expected)
    {
        _ = JobOverrides.Read(Settings((key, value)), out var errors);

        Assert.StartsWith(expected, Assert.Single(errors), StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesATriggerWithBothACronAndAnInterval()
    {
        _ = JobOverrides.Read(Settings(("Kairos:Jobs:a:Triggers:t:Cron", "* * * * *"), ("Kairos:Jobs:a:Triggers:t:Interval", "5m")), out var errors);

        Assert.Equal("Kairos:Jobs:a:Triggers:t has both Cron '* * * * *' and Interval '5m': expected one of them", Assert.Single(errors));
    }

    [Fact]
    public void Read_ReportsEveryBadValue_NotOnlyTheFirst()
    {
        _ = JobOverrides.Read(Settings(("Kairos:Jobs:a:MaxAttempts", "0"), ("Kairos:Jobs:b:Timeout", "x")), out var errors);

        Assert.Equal(2, errors.Count);
    }

    [Fact]
    public void Read_FindsNothing_WhenTheSectionIsAbsent()
    {
        var overrides = JobOverrides.Read(Settings(("Kairos:MaxConcurrency", "4")), out var errors);

        Assert.Empty(errors);
        Assert.Empty(overrides.Jobs);
    }

    [Fact]
    public void Validator_StopsTheHostWithTheMessages_WhenAnOverrideIsBad()
    {
        var result = new JobOverridesValidator(Settings(("Kairos:Jobs:a:MaxAttempts", "0"))).Validate(null, new KairosOptions());

        Assert.True(result.Failed);
        Assert.Equal(["Kairos:Jobs:a:MaxAttempts is '0': expected at least 1"], result.Failures);
    }
}
