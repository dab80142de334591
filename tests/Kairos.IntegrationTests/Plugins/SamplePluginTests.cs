using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>The sample plugins in plugins/samples load side by side and do their work.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class SamplePluginTests
{
    [Fact]
    public async Task Samples_LoadSideBySide_WithDifferentMajorVersionsOfNewtonsoftJson()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("SessionCleanup");
        host.Deploy("Subscriptions");
        await host.StartAsync();

        var loaded = host.Registry.Snapshot();
        Assert.Equal(["SessionCleanup", "Subscriptions"], loaded.Where(p => p.State == PluginState.Loaded).Select(p => p.Name));
        Assert.Equal(["sessions.cleanup"], loaded.Single(p => p.Name == "SessionCleanup").JobIds);
        Assert.Equal(["subscriptions.deliver"], loaded.Single(p => p.Name == "Subscriptions").JobIds);
        Assert.Empty(host.Catalog.Current.Problems);
    }

    [Fact]
    public async Task SessionCleanup_RemovesStaleSessions_AndKeepsUnreadableLines()
    {
        var sessions = Path.Combine(Path.GetTempPath(), $"kairos-sessions-{Guid.NewGuid():N}.jsonl");
        var now = TimeProvider.System.GetUtcNow();
        await File.WriteAllLinesAsync(sessions,
        [
            $$"""{"id":"fresh","lastSeenUtc":"{{now.AddHours(-1):O}}"}""",
            $$"""{"id":"stale","lastSeenUtc":"{{now.AddHours(-30):O}}"}""",
            "not json",
        ]);
        try
        {
            await using var host = PluginTestHost.Create(settings: new Dictionary<string, string?>
            {
                ["Kairos:Plugins:SessionCleanup:File"] = sessions,
                ["Kairos:Plugins:SessionCleanup:MaxAgeHours"] = "24",
            });
            host.Deploy("SessionCleanup");
            await host.StartAsync();

            var context = new FakeJobContext("sessions.cleanup");
            await host.RunAsync("sessions.cleanup", context);

            var kept = await File.ReadAllLinesAsync(sessions);
            Assert.Equal(2, kept.Length);
            Assert.Contains("\"fresh\"", kept[0], StringComparison.Ordinal);
            Assert.Equal("not json", kept[1]);
            Assert.Contains(context.Log.Messages, m => m.Contains("Pruned 1 stale session(s), kept 2 (1 unreadable)", StringComparison.Ordinal)
                && m.Contains("Newtonsoft.Json 12.0.0.0", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(sessions);
        }
    }
}
