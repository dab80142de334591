using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Catalog.Settings;

public sealed class OverrideApplierTests
{
    private static readonly JobDefinition Declared = new(
        "billing.sync",
        "",
        JobPolicies.Default with { Timeout = TimeSpan.FromMinutes(5) },
        [
            TriggerSpec.Cron("nightly", "0 2 * * *") with { Priority = 1 },
            TriggerSpec.Interval("poll", TimeSpan.FromMinutes(1)),
        ]);

    private static JobOverride? Overrides(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Kairos:Jobs:billing.sync:" + v.Key, v.Value)))
            .Build();
        var overrides = JobOverrides.Read(configuration, out var errors);
        Assert.Empty(errors);
        return overrides.For("billing.sync");
    }

    private static EffectiveJob Apply(JobOverride? overrides, JobDefinition? declared = null, Dictionary<string, string>? settings = null) =>
        OverrideApplier.Apply(declared ?? Declared, overrides, key => settings?.GetValueOrDefault(key));

    [Fact]
    public void Apply_LeavesTheDeclarationInForce_WhenNothingOverridesIt()
    {
        var effective = Apply(null);

        Assert.Same(Declared, effective.Definition);
        Assert.Null(effective.DisabledReason);
        Assert.Empty(effective.Policies);
        Assert.Empty(effective.Triggers);
    }

    [Fact]
    public void Apply_ReplacesTheSchedule_AndRecordsTheDeclaredTriggerAndTheKey()
    {
        var effective = Apply(Overrides(("Triggers:nightly:Cron", "30 4 * * *"), ("Triggers:nightly:TimeZone", "Europe/Paris"),
            ("Triggers:nightly:Misfire", "skip"), ("Triggers:nightly:Priority", "7")));

        var nightly = effective.Definition.Triggers.Single(t => t.Key == "nightly");
        Assert.Equal(TriggerSpec.Cron("nightly", "30 4 * * *", "Europe/Paris") with { Misfire = MisfirePolicy.Skip, Priority = 7 }, nightly);
        var trace = effective.Triggers["nightly"];
        Assert.Equal("Kairos:Jobs:billing.sync:Triggers:nightly", trace.Key);
        Assert.Equal(Declared.Triggers[0], trace.Declared);
        Assert.Equal(Declared.Triggers[1], effective.Definition.Triggers.Single(t => t.Key == "poll"));
        Assert.False(effective.Triggers.ContainsKey("poll"));
    }

    [Fact]
    public void Apply_TurnsACronTriggerIntoAnInterval_AndBack()
    {
        var effective = Apply(Overrides(("Triggers:nightly:Interval", "10m"), ("Triggers:poll:Cron", "*/5 * * * *")));

        var nightly = effective.Definition.Triggers.Single(t => t.Key == "nightly");
        Assert.Equal((TriggerKind.Interval, (TimeSpan?)TimeSpan.FromMinutes(10), (string?)null), (nightly.Kind, nightly.Period, nightly.CronExpression));
        var poll = effective.Definition.Triggers.Single(t => t.Key == "poll");
        Assert.Equal((TriggerKind.Cron, (TimeSpan?)null, (string?)"*/5 * * * *"), (poll.Kind, poll.Period, poll.CronExpression));
    }

    [Fact]
    public void Apply_ChangesThePolicies_AndListsEachWithItsDeclaredAndEffectiveValue()
    {
        var effective = Apply(Overrides(("Timeout", "0"), ("MaxAttempts", "3"), ("RetryBackoff", "1m"), ("Overlap", "allow"),
            ("MaxConcurrency", "2"), ("RetentionCount", "10"), ("RetentionDays", "2"), ("PauseAfterFailures", "5")));

        Assert.Equal(
            JobPolicies.Default with
            {
                Timeout = null, MaxAttempts = 3, RetryBackoff = TimeSpan.FromMinutes(1), Overlap = OverlapPolicy.Allow, MaxConcurrency = 2,
                RetentionCount = 10, RetentionAge = TimeSpan.FromDays(2), PauseAfterFailures = 5,
            },
            effective.Definition.Policies);
        Assert.Contains(new PolicyOverride("Kairos:Jobs:billing.sync:Timeout", "00:05:00", "none"), effective.Policies);
        Assert.Contains(new PolicyOverride("Kairos:Jobs:billing.sync:PauseAfterFailures", "0", "5"), effective.Policies);
        Assert.Equal(8, effective.Policies.Count);
    }

    [Fact]
    public void Apply_ListsNoOverride_WhenTheValueIsTheDeclaredOne()
    {
        var effective = Apply(Overrides(("MaxAttempts", "1"), ("Triggers:nightly:Priority", "1")));

        Assert.Empty(effective.Policies);
        Assert.Empty(effective.Triggers);
    }

    [Fact]
    public void Apply_DisablesTheJob_WithTheKeyAsItsReason_WhenEnabledIsFalse()
    {
        var effective = Apply(Overrides(("Enabled", "false")));

        Assert.Equal("Kairos:Jobs:billing.sync:Enabled is false", effective.DisabledReason);
        Assert.Contains(new PolicyOverride("Kairos:Jobs:billing.sync:Enabled", "true", "false"), effective.Policies);
    }

    [Fact]
    public void Apply_RefusesAnOverrideOfAnUndeclaredTrigger_NamingItAndTheDeclaredKeys()
    {
        var effective = Apply(Overrides(("Triggers:hourly:Cron", "0 * * * *"), ("MaxAttempts", "2")));

        Assert.Equal(
            "Kairos:Jobs:billing.sync:Triggers:hourly overrides trigger 'hourly', which job 'billing.sync' does not declare: expected one of its declared triggers ('nightly', 'poll')",
            Assert.Single(effective.Problems));
        Assert.Equal(Declared.Triggers, effective.Definition.Triggers);
        Assert.Equal(2, effective.Definition.Policies.MaxAttempts);
    }

    [Theory]
    [InlineData("true", null)]
    [InlineData("TRUE", null)]
    [InlineData("false", "start condition Features:Billing is 'false': the job runs only while it is 'true'")]
    [InlineData("yes", "start condition Features:Billing is 'yes': the job runs only while it is 'true'")]
    [InlineData(null, "start condition Features:Billing is not set: the job runs only while it is 'true'")]
    public void Apply_RunsAGatedJob_OnlyWhenItsSettingIsTrue(string? value, string? reason)
    {
        var gated = Declared with { EnabledWhen = "Features:Billing" };
        var settings = value is null ? [] : new Dictionary<string, string> { ["Features:Billing"] = value };

        Assert.Equal(reason, Apply(null, gated, settings).DisabledReason);
    }

    [Fact]
    public void Apply_NamesEnabledFalse_WhenBothTheOverrideAndTheStartConditionSwitchTheJobOff()
    {
        var gated = Declared with { EnabledWhen = "Features:Billing" };

        Assert.Equal("Kairos:Jobs:billing.sync:Enabled is false", Apply(Overrides(("Enabled", "false")), gated).DisabledReason);
    }
}
