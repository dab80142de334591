using System.Text.Json;
using Kairos.Host.Catalog;
using Kairos.Host.Operations.Views;
using Kairos.Host.Plugins.Status;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>A plugin version that was unloaded but not collected is a problem an operator sees in <c>info</c> and <c>jobs</c>.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class PluginLeakReportTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task LeakedVersion_IsAProblemInInfoAndJobs_WhileTheJobStaysActive()
    {
        await using var host = PluginsInARunningHost.Create();
        host.Deploy("Reloadable.V1", "Leaky");
        await host.StartAsync();
        var leakedVersion = host.Registry.Find("Leaky")!.Version!;
        Assert.True(host.Catalog.TryGetHandler(JobId, out var handler));
        // Holding one of the plugin's types keeps its context alive, as a host cache that saw it would.
        var held = ((TypeJobHandler)handler).JobType;

        host.Deploy("Reloadable.V2", "Leaky");
        host.ScanNow();
        await host.WhenIdleAsync();

        Assert.Contains(host.Registry.Snapshot(), p => p.Version == leakedVersion && p.State == PluginState.Unloaded && p.Collected == false);
        // As `info --json` prints it.
        using var info = JsonDocument.Parse(JsonOutput.Serialize(host.Operations.Info()));
        var problem = Assert.Single(info.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Equal(("plugin:Leaky", JobId), (problem.GetProperty("source").GetString(), problem.GetProperty("jobId").GetString()));
        Assert.StartsWith($"plugin Leaky leaked 1 unloaded version(s) ({leakedVersion})", problem.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(info.RootElement.GetProperty("plugins").GetProperty("unloaded")[0].GetProperty("collected").GetBoolean());

        var job = Assert.Single(host.Operations.Jobs(), j => j.Id == JobId);
        Assert.Equal(JobState.Active, job.State);
        Assert.StartsWith("2.0.0", job.Version, StringComparison.Ordinal);
        Assert.Contains($"plugin Leaky leaked 1 unloaded version(s) ({leakedVersion})", Assert.Single(job.Problems), StringComparison.Ordinal);
        GC.KeepAlive(held);
    }

    [Fact]
    public async Task CollectedVersions_AreNoProblem()
    {
        await using var host = PluginsInARunningHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();

        host.Deploy("Reloadable.V2", "Reloadable");
        host.ScanNow();
        await host.WhenIdleAsync();

        Assert.Contains(host.Registry.Snapshot(), p => p.State == PluginState.Unloaded && p.Collected == true);
        using var info = JsonDocument.Parse(JsonOutput.Serialize(host.Operations.Info()));
        Assert.Empty(info.RootElement.GetProperty("problems").EnumerateArray());
        Assert.Empty(Assert.Single(host.Operations.Jobs(), j => j.Id == JobId).Problems);
    }
}
