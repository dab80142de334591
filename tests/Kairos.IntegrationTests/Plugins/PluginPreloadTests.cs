using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

[Collection(PluginTestGroup.Name)]
public sealed class PluginPreloadTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task Start_PublishesThePreloadedVersion_WithoutLoadingThePluginAgain()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");

        await host.Source.Preload().WaitAsync(PluginTestHost.Timeout);
        await host.StartAsync();

        Assert.StartsWith("1.0.0", host.VersionOf(JobId), StringComparison.Ordinal);
        var context = new FakeJobContext(JobId);
        await host.RunAsync(JobId, context);
        Assert.Equal(["started v1", "finished v1"], context.Log.Messages);
        Assert.Single(host.Logs.Where(l => l.EventId == 202));
        // The first copy is the preload's; a second load would have made Reloadable.2.
        Assert.Equal(["Reloadable.1"], Directory.GetDirectories(host.ShadowRoot).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Start_LoadsTheNewVersion_AndDiscardsThePreloadedOne_WhenThePluginChangedMeanwhile()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.Source.Preload().WaitAsync(PluginTestHost.Timeout);

        host.Deploy("Reloadable.V2", "Reloadable");
        await host.StartAsync();

        Assert.StartsWith("2.0.0", host.VersionOf(JobId), StringComparison.Ordinal);
        var context = new FakeJobContext(JobId);
        await host.RunAsync(JobId, context);
        Assert.Equal(["started v2", "finished v2"], context.Log.Messages);
        await host.WhenIdleAsync();
        // The preloaded v1 never ran: unloaded, collected and its copy deleted, and never listed as a plugin version.
        Assert.Equal(["Reloadable.2"], Directory.GetDirectories(host.ShadowRoot).Select(Path.GetFileName));
        Assert.DoesNotContain(host.Registry.Snapshot(), p => p.Version?.StartsWith("1.0.0", StringComparison.Ordinal) == true);
        Assert.Contains(host.Logs.Where(l => l.EventId == 219), l => l.Message.Contains("1.0.0", StringComparison.Ordinal));
        Assert.Empty(host.Logs.Where(l => l.EventId == 212));
        Assert.Single(host.Logs.Where(l => l.EventId == 202));
    }

    [Fact]
    public async Task Preload_IsIgnored_OnceTheFolderWasScanned()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();

        Assert.True(host.Source.Preload().IsCompleted);
        host.ScanNow();

        Assert.Equal(["Reloadable.1"], Directory.GetDirectories(host.ShadowRoot).Select(Path.GetFileName));
    }

    [Fact]
    public async Task Dispose_UnloadsThePreloadedVersions_WhenTheHostNeverStarted()
    {
        var host = PluginTestHost.Create();
        var logs = host.Logs;
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.Source.Preload().WaitAsync(PluginTestHost.Timeout);
        var copy = Path.Combine(host.ShadowRoot, "Reloadable.1");
        Assert.True(Directory.Exists(copy));

        await host.DisposeAsync();

        var discarded = Assert.Single(logs.Where(l => l.EventId == 219));
        Assert.Contains("the host stopped before the first scan", discarded.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(copy));
    }
}
