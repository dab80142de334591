using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Catalog.Settings;

public sealed class JobSettingsTests
{
    private static readonly JobDefinition Declared = new("billing.sync", "", JobPolicies.Default, [TriggerSpec.Cron("nightly", "0 2 * * *")])
    {
        EnabledWhen = "Features:Billing",
    };

    private static (IConfigurationRoot Configuration, JobSettings Settings, JobCatalog Catalog, RecordingLog Log) Create(params (string Key, string Value)[] values)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value)))
            .Build();
        var log = new RecordingLog();
        var settings = new JobSettings(configuration, log);
        var catalog = new JobCatalog(settings);
        return (configuration, settings, catalog, log);
    }

    /// <summary>Keeps each entry logged through it, with its level.</summary>
    private sealed class RecordingLog : ILogger<JobSettings>
    {
        private readonly List<(LogLevel Level, string Message)> _entries = [];

        public IReadOnlyList<(LogLevel Level, string Message)> Entries
        {
            get { lock (_entries) { return [.. _entries]; } }
        }

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_entries)
            {
                _entries.Add((logLevel, formatter(state, exception)));
            }
        }
    }

    private sealed class Handler(JobDefinition definition) : JobHandler(definition, "test", "1")
    {
        public override Task RunAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    [Fact]
    public void Publish_PutsEachHandlerUnderTheOverridesInForce()
    {
        var (_, _, catalog, _) = Create(("Features:Billing", "true"), ("Kairos:Jobs:billing.sync:Triggers:nightly:Cron", "0 4 * * *"));
        var handler = new Handler(Declared);

        catalog.Publish("test", [handler], []);

        Assert.Equal("0 4 * * *", Assert.Single(handler.Definition.Triggers).CronExpression);
        Assert.Equal("0 2 * * *", Assert.Single(handler.Declared.Triggers).CronExpression);
        Assert.Null(handler.Effective.DisabledReason);
    }

    [Fact]
    public void Reload_AppliesValidOverrides_AndPublishesTheJobsTheyChange()
    {
        var (configuration, _, catalog, _) = Create(("Features:Billing", "true"));
        var handler = new Handler(Declared);
        catalog.Publish("test", [handler], []);
        var published = new List<JobHandler>();
        catalog.Changed += change => published.AddRange(change.Published);

        configuration["Kairos:Jobs:billing.sync:Enabled"] = "false";
        configuration.Reload();

        Assert.Same(handler, Assert.Single(published));
        Assert.Equal("Kairos:Jobs:billing.sync:Enabled is false", handler.Effective.DisabledReason);
    }

    [Fact]
    public void Reload_RefusesInvalidOverrides_WithOneErrorNamingTheKeyAndValue_AndKeepsThePreviousOnes()
    {
        var (configuration, settings, catalog, log) = Create(("Features:Billing", "true"), ("Kairos:Jobs:billing.sync:MaxAttempts", "2"));
        var handler = new Handler(Declared);
        catalog.Publish("test", [handler], []);

        configuration["Kairos:Jobs:billing.sync:MaxAttempts"] = "0";
        configuration["Kairos:Jobs:billing.sync:Enabled"] = "false";
        configuration.Reload();
        configuration.Reload();

        var error = Assert.Single(log.Entries, e => e.Level == LogLevel.Error);
        Assert.Contains("Kairos:Jobs:billing.sync:MaxAttempts is '0': expected at least 1", error.Message, StringComparison.Ordinal);
        Assert.Contains("the previous ones stay in force", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, settings.Current.For("billing.sync")!.MaxAttempts);
        Assert.Equal(2, handler.Definition.Policies.MaxAttempts);
        Assert.Null(handler.Effective.DisabledReason);
    }

    [Fact]
    public void Reload_ReEvaluatesTheStartCondition()
    {
        var (configuration, _, catalog, _) = Create(("Features:Billing", "false"));
        var handler = new Handler(Declared);
        catalog.Publish("test", [handler], []);
        Assert.Equal("start condition Features:Billing is 'false': the job runs only while it is 'true'", handler.Effective.DisabledReason);

        configuration["Features:Billing"] = "True";
        configuration.Reload();

        Assert.Null(handler.Effective.DisabledReason);
    }

    [Fact]
    public void Reload_PublishesNothing_WhenNoJobChanged()
    {
        var (configuration, _, catalog, _) = Create(("Features:Billing", "true"));
        catalog.Publish("test", [new Handler(Declared)], []);
        var changes = 0;
        catalog.Changed += _ => changes++;

        configuration["Kairos:Jobs:other.job:Enabled"] = "false";
        configuration.Reload();

        Assert.Equal(0, changes);
    }

    [Fact]
    public void ReportUndeclared_WarnsOnceNamingTheJobId_WhenNoSourceDeclaresIt()
    {
        var (_, settings, _, log) = Create(("Kairos:Jobs:ghost.job:Enabled", "false"));

        settings.ReportUndeclared(new HashSet<string> { "billing.sync" });
        settings.ReportUndeclared(new HashSet<string> { "billing.sync" });

        var warning = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Contains("Kairos:Jobs:ghost.job names job 'ghost.job', which no loaded plugin, script or app job declares", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_LogsAnUndeclaredTriggerKeyOnce_AsAnError()
    {
        var (_, settings, _, log) = Create(("Kairos:Jobs:billing.sync:Triggers:hourly:Cron", "0 * * * *"));

        settings.Apply(Declared);
        settings.Apply(Declared);

        var error = Assert.Single(log.Entries);
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Contains("trigger 'hourly', which job 'billing.sync' does not declare: expected one of its declared triggers ('nightly')", error.Message, StringComparison.Ordinal);
    }
}
