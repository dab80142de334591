using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

[Collection(PluginTestGroup.Name)]
public sealed class PluginStartupTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["Kairos:Plugins:StartupPlugin:Greeting"] = "hello from configuration",
        ["Kairos:Plugins:StartupPlugin:Nested:Key"] = "nested value",
    };

    [Fact]
    public async Task Startup_GetsItsSettingsAndALogger_AndJobsGetItsServices()
    {
        await using var host = PluginTestHost.Create(settings: Settings);
        host.Deploy("StartupPlugin");
        await host.StartAsync();

        var configured = Assert.Single(host.Logs.Where(l => l.Category == "Fixtures.StartupPlugin"));
        Assert.Equal("configured StartupPlugin with hello from configuration and nested value", configured.Message);
        var context = new FakeJobContext("fixtures.greeter");
        await host.RunAsync("fixtures.greeter", context);
        Assert.Equal(["greeting hello from configuration"], context.Log.Messages);
    }

    [Fact]
    public async Task PluginServices_AreDisposed_BeforeTheOldVersionIsUnloaded()
    {
        await using var host = PluginTestHost.Create(settings: Settings);
        var folder = host.Deploy("StartupPlugin");
        await host.StartAsync();

        Directory.Delete(folder, recursive: true);
        host.ScanNow();
        await host.WhenIdleAsync();

        Assert.Single(host.Logs.Where(l => l.Category == "Fixtures.StartupPlugin" && l.Message == "services disposed"));
        Assert.Contains(host.Registry.Snapshot(), p => p.Name == "StartupPlugin" && p.Collected == true);
    }
}
