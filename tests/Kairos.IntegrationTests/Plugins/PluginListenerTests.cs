namespace Kairos.IntegrationTests.Plugins;

/// <summary>A listener registered in a plugin's startup lives as long as that version of the plugin.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class PluginListenerTests
{
    [Fact]
    public async Task PluginListener_IsCalledWhileThePluginIsLoaded_AndRemovedWithoutKeepingItAlive()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("ListenerPlugin");
        await host.StartAsync();

        var listener = Assert.Single(host.Listeners.Stats());
        Assert.Equal(("Fixtures.Listener.RunLogger", "plugin:ListenerPlugin"), (listener.Listener, listener.Source));
        var called = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Logs.Logged += line =>
        {
            if (line.Category == "Fixtures.ListenerPlugin")
            {
                called.TrySetResult();
            }
        };
        host.Listeners.Publish(new RunEndedEvent { JobId = "billing.invoice", RunId = "r1", TriggerKey = "daily", Status = RunStatus.Failed });
        await called.Task.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal("run r1 of billing.invoice ended Failed", Assert.Single(host.Logs.Where(l => l.Category == "Fixtures.ListenerPlugin")).Message);

        Directory.Delete(folder, recursive: true);
        host.ScanNow();
        await host.WhenIdleAsync();

        Assert.Empty(host.Listeners.Stats());
        Assert.False(host.Listeners.HasListeners);
        Assert.Contains(host.Registry.Snapshot(), p => p.Name == "ListenerPlugin" && p.Collected == true);
    }
}
