using Kairos.Host.Hosting;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Hosting;

/// <summary>A change of a setting read at start, while the host runs: named, and checked by the rules of the next start.</summary>
public sealed class StartSettingsWatchTests : IDisposable
{
    private readonly IConfigurationRoot _configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Kairos:DatabasePath"] = "data/kairos.db",
        ["Kairos:RetentionCount"] = "100",
        ["Kairos:Jobs:billing.sync:Enabled"] = "true",
        ["Kairos:Plugins:Billing:ApiUrl"] = "https://billing.internal",
    }).Build();
    private readonly ServiceProvider _services;
    private readonly RecordingLog _log = new();
    private readonly StartSettingsWatch _watch;

    public StartSettingsWatchTests()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(_configuration);
        services.AddLogging();
        services.AddKairos();
        _services = services.BuildServiceProvider();
        _watch = new StartSettingsWatch(_services.GetServices<StartSettingsCheck>(), _log, _configuration);
        _watch.StartAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        _watch.Dispose();
        _services.Dispose();
    }

    private void Reload(params (string Key, string? Value)[] values)
    {
        foreach (var (key, value) in values)
        {
            _configuration[key] = value;
        }
        _configuration.Reload();
    }

    [Fact]
    public void AChangedSettingReadAtStart_IsNamedInAWarning_WithoutItsValue()
    {
        Reload(("Kairos:RetentionCount", "250"), ("Kairos:NodeId", "node-b"));

        var line = Assert.Single(_log.Lines);
        Assert.Equal(LogLevel.Warning, line.Level);
        Assert.StartsWith("Settings: Kairos:NodeId, Kairos:RetentionCount changed while the host runs; they are read at start", line.Message);
        Assert.DoesNotContain("250", line.Message);
        Assert.DoesNotContain("node-b", line.Message);
    }

    [Fact]
    public void AnInvalidValue_IsNamedInAnError_SayingTheNextStartRefusesIt()
    {
        Reload(("Kairos:MaxConcurrency", "lots"), ("Kairos:Listeners:QueueCapacity", "0"));

        Assert.Equal([LogLevel.Warning, LogLevel.Error], _log.Lines.Select(l => l.Level));
        var error = _log.Lines[1].Message;
        Assert.Contains("Kairos:MaxConcurrency is 'lots': expected a whole number", error);
        Assert.Contains("Kairos:Listeners:QueueCapacity is '0': expected a whole number of at least 1", error);
        Assert.EndsWith("this host keeps running on the values it started with, but its next start will refuse the configuration until it is fixed", error);
    }

    [Fact]
    public void JobOverridesAndPluginSettings_AreNotReported_TheyFollowAChangeThemselves()
    {
        Reload(
            ("Kairos:Jobs:billing.sync:Enabled", "false"),
            ("Kairos:Jobs:billing.sync:Triggers:nightly:Cron", "61 * * * *"),
            ("Kairos:Plugins:Billing:ApiUrl", "https://other.internal"));

        Assert.Empty(_log.Lines);
    }

    [Fact]
    public void EachReportIsLoggedOnce_UntilTheConfigurationChangesAgain()
    {
        Reload(("Kairos:RetentionCount", "0"));
        Reload(("Kairos:Jobs:billing.sync:Enabled", "false"));
        Assert.Equal([LogLevel.Warning, LogLevel.Error], _log.Lines.Select(l => l.Level));

        Reload(("Kairos:RetentionCount", "100"));
        Reload(("Kairos:RetentionCount", "0"));

        Assert.Equal([LogLevel.Warning, LogLevel.Error, LogLevel.Warning, LogLevel.Error], _log.Lines.Select(l => l.Level));
        Assert.Contains("Kairos:RetentionCount is 0: expected at least 1", _log.Lines[3].Message);
    }

    [Fact]
    public void ARemovedSetting_IsAChangeToo()
    {
        Reload(("Kairos:RetentionCount", null));

        Assert.StartsWith("Settings: Kairos:RetentionCount changed while the host runs", Assert.Single(_log.Lines).Message);
    }

    private sealed record Line(LogLevel Level, string Message);

    private sealed class RecordingLog : ILogger<StartSettingsWatch>
    {
        public List<Line> Lines { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Add(new Line(logLevel, formatter(state, exception)));
    }
}
