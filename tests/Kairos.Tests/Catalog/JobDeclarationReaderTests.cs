using Kairos.Host.Catalog;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Catalog;

public sealed class JobDeclarationReaderTests
{
    [Job("Bad Id")]
    private sealed class BadIdJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("bad.cron")]
    [CronTrigger("0 25 * * *")]
    private sealed class BadCronJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("bad.zone")]
    [CronTrigger("0 * * * *", TimeZone = "Mars/Olympus")]
    private sealed class BadZoneJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("gated", EnabledWhen = " Features:Billing ", PauseAfterFailures = 4)]
    [IntervalTrigger(60)]
    private sealed class GatedJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("bad.condition", EnabledWhen = "Features Billing")]
    private sealed class BadConditionJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Job("bad.auto-pause", PauseAfterFailures = -1)]
    private sealed class BadAutoPauseJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void TryRead_ReadsTheStartConditionAndAutoPause_FromTheJobAttribute()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(GatedJob), out var definition, out var error), error);

        Assert.Equal("Features:Billing", definition!.EnabledWhen);
        Assert.Equal(4, definition.Policies.PauseAfterFailures);
    }

    [Fact]
    public void TryRead_ReadsPoliciesAndTriggers_FromAttributes()
    {
        Assert.True(JobDeclarationReader.TryRead(typeof(PerTriggerJob), out var definition, out _));

        Assert.Equal("test.per-trigger", definition!.Id);
        Assert.Equal(ConcurrencyScope.Trigger, definition.Policies.Scope);
        Assert.Equal(["a", "b"], definition.Triggers.Select(t => t.Key).Order());
    }

    [Theory]
    [InlineData(typeof(BadIdJob), "job id 'Bad Id' is invalid")]
    [InlineData(typeof(BadCronJob), "'0 25 * * *'")]
    [InlineData(typeof(BadZoneJob), "unknown time zone 'Mars/Olympus'")]
    [InlineData(typeof(UndeclaredJob), "has no [Job(\"id\")] attribute")]
    [InlineData(typeof(BadConditionJob), "EnabledWhen 'Features Billing' is not a configuration key: expected a key such as 'Features:Billing'")]
    [InlineData(typeof(BadAutoPauseJob), "PauseAfterFailures is -1: expected zero (never) or more")]
    public void TryRead_ExplainsTheBadValue_WhenTheDeclarationIsInvalid(Type type, string expected)
    {
        Assert.False(JobDeclarationReader.TryRead(type, out _, out var error));

        Assert.Contains(expected, error);
        Assert.Contains(type.Name, error);
    }

    [Fact]
    public void Publish_RefusesAJobIdAlreadyDeclaredByAnotherSource_AndKeepsTheFirst()
    {
        var catalog = new JobCatalog();
        JobDeclarationReader.TryRead(typeof(EveryMinuteJob), out var definition, out _);
        var first = new TypeJobHandler(definition!, "plugin:A", "1", typeof(EveryMinuteJob), null);
        var second = new TypeJobHandler(definition!, "plugin:B", "1", typeof(EveryMinuteJob), null);

        catalog.Publish("plugin:A", [first], []);
        var problems = catalog.Publish("plugin:B", [second], []);

        Assert.Contains("already declared by plugin:A", Assert.Single(problems).Message);
        Assert.True(catalog.TryGetHandler("test.every-minute", out var handler));
        Assert.Same(first, handler);
    }
}
