namespace Kairos.IntegrationTests.Plugins;

/// <summary>The folder watch notices every way of deploying, without a manual rescan.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class PluginWatcherTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task Watcher_NoticesANewFolder_ACopyInPlace_ARenameDeploy_AndADelete()
    {
        await using var host = PluginTestHost.Create();
        await host.StartAsync();

        var added = host.NextChangeAsync(s => s.Handlers.ContainsKey(JobId));
        host.Deploy("Reloadable.V1", "Reloadable");
        await added;
        Assert.StartsWith("1.0.0", host.VersionOf(JobId), StringComparison.Ordinal);

        var copied = host.NextChangeAsync(s => s.Handlers.TryGetValue(JobId, out var h) && h.Version.StartsWith("2.0.0", StringComparison.Ordinal));
        host.Deploy("Reloadable.V2", "Reloadable");
        await copied;

        // Atomic deploy: stage beside, then swap folders by rename.
        var renamed = host.NextChangeAsync(s => s.Handlers.TryGetValue(JobId, out var h) && h.Version.StartsWith("1.0.0", StringComparison.Ordinal));
        var staging = host.Deploy("Reloadable.V1", ".staging");
        var live = Path.Combine(host.PluginsFolder, "Reloadable");
        Directory.Move(live, Path.Combine(host.PluginsFolder, ".old"));
        Directory.Move(staging, live);
        await renamed;

        var removed = host.NextChangeAsync(s => !s.Handlers.ContainsKey(JobId));
        Directory.Delete(live, recursive: true);
        await removed;
        await host.WhenIdleAsync();
    }

    [Fact]
    public async Task Watcher_NoticesASingleDllReplacedByRename()
    {
        await using var host = PluginTestHost.Create();
        await host.StartAsync();
        var v1 = Path.Combine(PluginFixtures.OutputOf("Reloadable.V1"), "Reloadable.dll");
        var v2 = Path.Combine(PluginFixtures.OutputOf("Reloadable.V2"), "Reloadable.dll");
        var target = Path.Combine(host.PluginsFolder, "Reloadable.dll");

        var added = host.NextChangeAsync(s => s.Handlers.ContainsKey(JobId));
        File.Copy(v1, target);
        await added;

        var replaced = host.NextChangeAsync(s => s.Handlers.TryGetValue(JobId, out var h) && h.Version.StartsWith("2.0.0", StringComparison.Ordinal));
        var temporary = Path.Combine(host.PluginsFolder, "Reloadable.dll.tmp");
        File.Copy(v2, temporary);
        File.Move(temporary, target, overwrite: true);
        await replaced;
        await host.WhenIdleAsync();
    }
}
