using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Calendars;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Text;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Catalog;

/// <summary>Jitter and calendars as each source declares them: attributes, script headers, configuration overrides.</summary>
public sealed class TriggerJitterAndCalendarDeclarationTests
{
    [Job("test.spread")]
    [CronTrigger("0 * * * *", JitterSeconds = 90, Calendars = ["holidays", "weekends"])]
    [IntervalTrigger(60, Key = "poll")]
    private sealed class SpreadJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("test.bad-jitter")]
    [CronTrigger("0 * * * *", JitterSeconds = -5)]
    private sealed class BadJitterJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("test.bad-calendar")]
    [CronTrigger("0 * * * *", Calendars = ["a,b"])]
    private sealed class BadCalendarNameJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void TheAttributes_GiveTheTriggerItsJitterAndCalendars_DefaultsNone()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(SpreadJob), out var definition, out var error), error);

        var hourly = definition!.Triggers.Single(t => t.Key == "default");
        var poll = definition.Triggers.Single(t => t.Key == "poll");
        Assert.Equal(TimeSpan.FromSeconds(90), hourly.Jitter);
        Assert.Equal(["holidays", "weekends"], hourly.Calendars);
        Assert.Null(poll.Jitter);
        Assert.Empty(poll.Calendars);
    }

    [Theory]
    [InlineData(typeof(BadJitterJob), "trigger 'default': JitterSeconds is -5: expected 0 (none) or a positive number of seconds of at most 86400")]
    [InlineData(typeof(BadCalendarNameJob), "trigger 'default': calendar name 'a,b' is invalid")]
    public void TheAttributes_AreRefused_QuotingABadJitterOrCalendarName(Type type, string expected)
    {
        Assert.False(JobDeclarationReader.TryRead(type, out _, out var error));
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void AScriptHeader_ReadsJitterAsADuration_AndCalendarAsCommaSeparatedNames()
    {
        const string text = """
            // kairos: id = reports.spread
            // kairos: cron = 0 3 * * *
            // kairos: jitter = 5m
            // kairos: calendar = holidays, weekends
            """;

        Assert.True(ScriptHeaderParser.TryParse(text, out var definition, out var errors), string.Join("\n", errors));

        var trigger = Assert.Single(definition.Triggers);
        Assert.Equal(TimeSpan.FromMinutes(5), trigger.Jitter);
        Assert.Equal(["holidays", "weekends"], trigger.Calendars);
    }

    [Fact]
    public void AScriptHeader_RefusesABadJitter_QuotingIt()
    {
        const string text = """
            // kairos: id = reports.spread
            // kairos: cron = 0 3 * * *
            // kairos: jitter = soon
            """;

        Assert.False(ScriptHeaderParser.TryParse(text, out _, out var errors));
        Assert.Contains(errors, e => e.Message.StartsWith("jitter 'soon' is invalid: expected a duration", StringComparison.Ordinal));
    }

    private static JobOverride? Overrides(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>("Kairos:Jobs:test.spread:Triggers:default:" + v.Key, v.Value)))
            .Build();
        var overrides = JobOverrides.Read(configuration, out var errors);
        Assert.Empty(errors);
        return overrides.For("test.spread");
    }

    private static CalendarSet Calendars(params string[] names)
    {
        var errors = new List<string>();
        return CalendarSet.Read(names.Select(n => new KeyValuePair<string, KairosCalendar>(n, new KairosCalendar())), errors);
    }

    [Fact]
    public void AnOverride_ReplacesTheJitterAndCalendars_AndZeroOrEmptyRemovesThem()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(SpreadJob), out var declared, out _));
        var calendars = Calendars("holidays", "weekends", "freeze");

        var changed = OverrideApplier.Apply(declared!, Overrides(("Jitter", "2m"), ("Calendars", "freeze")), _ => null, calendars);
        var removed = OverrideApplier.Apply(declared!, Overrides(("Jitter", "0"), ("Calendars", "")), _ => null, calendars);

        var trigger = changed.Definition.Triggers.Single(t => t.Key == "default");
        Assert.Equal((TimeSpan?)TimeSpan.FromMinutes(2), trigger.Jitter);
        Assert.Equal(["freeze"], trigger.Calendars);
        Assert.Equal("Kairos:Jobs:test.spread:Triggers:default", changed.Triggers["default"].Key);
        var none = removed.Definition.Triggers.Single(t => t.Key == "default");
        Assert.Null(none.Jitter);
        Assert.Empty(none.Calendars);
        Assert.Null(changed.DisabledReason);
    }

    [Fact]
    public void AnOverrideNamingAnUndefinedCalendar_IsRefused_AndTheDeclaredTriggerStays()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(SpreadJob), out var declared, out _));

        var effective = OverrideApplier.Apply(declared!, Overrides(("Calendars", "holidays, freeze")), _ => null, Calendars("holidays", "weekends"));

        Assert.Equal(["holidays", "weekends"], effective.Definition.Triggers.Single(t => t.Key == "default").Calendars);
        Assert.Equal(
            ["Kairos:Jobs:test.spread:Triggers:default is refused: trigger 'default': calendar 'freeze' is not defined under Kairos:Calendars: expected one of 'holidays', 'weekends'; the declared trigger stays in force"],
            effective.Problems);
    }

    [Fact]
    public void AnOutOfRangeJitterOverride_IsAnError_QuotingIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new("Kairos:Jobs:test.spread:Triggers:default:Jitter", "3d")])
            .Build();

        _ = JobOverrides.Read(configuration, out var errors);

        Assert.Equal(["Kairos:Jobs:test.spread:Triggers:default:Jitter is '3d': expected zero (none) or " + DurationText.Forms + " of at most 1.00:00:00"], errors);
    }

    [Fact]
    public void TriggerSpecs_WithEqualCalendarNames_AreEqual_SoAReconcileSeesNoChange()
    {
        var a = TriggerSpec.Cron("k", "0 * * * *") with { Calendars = ["holidays"], Jitter = TimeSpan.FromMinutes(1) };
        var b = TriggerSpec.Cron("k", "0 * * * *") with { Calendars = new List<string> { "holidays" }, Jitter = TimeSpan.FromMinutes(1) };

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.NotEqual(a, b with { Calendars = ["weekends"] });
        Assert.NotEqual(a, b with { Jitter = null });
    }
}
