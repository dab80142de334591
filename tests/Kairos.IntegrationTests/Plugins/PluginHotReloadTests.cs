using System.Runtime.CompilerServices;
using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

[Collection(PluginTestGroup.Name)]
public sealed class PluginHotReloadTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task Reload_LetsTheInFlightRunFinishOnTheOldVersion_AndSendsTheNextRunToTheNewOne()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();
        var oldVersion = host.VersionOf(JobId)!;
        Assert.StartsWith("1.0.0", oldVersion, StringComparison.Ordinal);

        var inFlight = new FakeJobContext(JobId, gated: true);
        var oldRun = host.RunAsync(JobId, inFlight);
        await inFlight.Started.WaitAsync(PluginTestHost.Timeout);

        host.Deploy("Reloadable.V2", "Reloadable");
        host.ScanNow();
        var newVersion = host.VersionOf(JobId)!;
        Assert.StartsWith("2.0.0", newVersion, StringComparison.Ordinal);

        var next = new FakeJobContext(JobId);
        Assert.Equal(newVersion, await host.RunAsync(JobId, next));
        Assert.Equal(["started v2", "finished v2"], next.Log.Messages);
        Assert.False(oldRun.IsCompleted);
        Assert.Contains(host.Registry.Snapshot(), p => p.Version == oldVersion && p.State == PluginState.Unloading);

        inFlight.Release();
        Assert.Equal(oldVersion, await oldRun);
        Assert.Equal(["started v1", "finished v1"], inFlight.Log.Messages);

        await host.WhenIdleAsync();
        var retired = Assert.Single(host.Registry.Snapshot(), p => p.Version == oldVersion);
        Assert.Equal(PluginState.Unloaded, retired.State);
        Assert.True(retired.Collected);
    }

    [Fact]
    public async Task Reload_CancelsRunsStillInFlight_AfterTheDrainGrace()
    {
        await using var host = PluginTestHost.Create(o => o.DrainGrace = TimeSpan.FromMilliseconds(200));
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();

        Assert.True(typeof(OperationCanceledException).IsAssignableFrom(await RunUntilCancelledByReload(host)));
        await host.WhenIdleAsync();
        Assert.Single(host.Logs.Where(l => l.EventId == 208));
        Assert.Contains(host.Registry.Snapshot(), p => p.Version!.StartsWith("1.0.0", StringComparison.Ordinal) && p.Collected == true);
    }

    [Fact]
    public async Task FailedReload_KeepsTheOldVersionRunning_AndReportsTheFileAndCause()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();
        var version = host.VersionOf(JobId);

        await File.WriteAllBytesAsync(Path.Combine(folder, "Reloadable.dll"), [0x4d, 0x5a, 1, 2, 3]);
        host.ScanNow();

        Assert.Equal(version, host.VersionOf(JobId));
        Assert.Equal(["started v1", "finished v1"], (await RunOnce(host)).Log.Messages);
        var info = host.Registry.Find("Reloadable")!;
        Assert.Equal(PluginState.Loaded, info.State);
        Assert.Contains("Reloadable.dll: not a valid .NET assembly", info.Error, StringComparison.Ordinal);
        var problem = Assert.Single(host.Catalog.Current.Problems);
        Assert.Equal("plugin:Reloadable", problem.Source);
        Assert.Single(host.Logs.Where(l => l.EventId == 205 && l.Message.Contains("keeps running", StringComparison.Ordinal)));

        host.Deploy("Reloadable.V2", "Reloadable");
        host.ScanNow();
        Assert.StartsWith("2.0.0", host.VersionOf(JobId), StringComparison.Ordinal);
        Assert.Empty(host.Catalog.Current.Problems);
        Assert.Null(host.Registry.Find("Reloadable")!.Error);
    }

    [Fact]
    public async Task Rescan_DoesNotReload_WhenOnlyTimestampsChanged()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();
        var version = host.VersionOf(JobId);

        File.SetLastWriteTimeUtc(Path.Combine(folder, "Reloadable.dll"), new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        host.ScanNow();

        Assert.Equal(version, host.VersionOf(JobId));
        Assert.Single(host.Registry.Snapshot());
    }

    /// <summary>
    /// Keeps a run in flight across a reload and returns only the type of its exception: the exception itself holds
    /// the plugin's stack frames, and with them its load context, for as long as it is referenced.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<Type> RunUntilCancelledByReload(PluginTestHost host)
    {
        var stuck = new FakeJobContext(JobId, gated: true);
        var run = host.RunAsync(JobId, stuck);
        await stuck.Started.WaitAsync(PluginTestHost.Timeout);
        host.Deploy("Reloadable.V2", "Reloadable");
        host.ScanNow();
        try
        {
            await run;
            return typeof(void);
        }
        catch (Exception e)
        {
            return e.GetType();
        }
    }

    private static async Task<FakeJobContext> RunOnce(PluginTestHost host)
    {
        var context = new FakeJobContext(JobId);
        await host.RunAsync(JobId, context);
        return context;
    }
}
