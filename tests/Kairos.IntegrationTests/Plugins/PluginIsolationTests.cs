using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

[Collection(PluginTestGroup.Name)]
public sealed class PluginIsolationTests
{
    [Fact]
    public async Task Plugins_RunTheirOwnVersionOfADependency_WhenTheyConflict()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("JsonV12Plugin");
        host.Deploy("JsonV13Plugin");
        await host.StartAsync();

        var v12 = new FakeJobContext("fixtures.json-v12");
        var v13 = new FakeJobContext("fixtures.json-v13");
        await host.RunAsync("fixtures.json-v12", v12);
        await host.RunAsync("fixtures.json-v13", v13);

        Assert.Contains(v12.Log.Messages, m => m.Contains("\"Library\":\"12.0.0.0\"", StringComparison.Ordinal));
        Assert.Contains(v13.Log.Messages, m => m.Contains("\"Library\":\"13.0.0.0\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Plugins_ShareOnlyTheContract_WithTheHost()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("JsonV12Plugin");
        await host.StartAsync();

        Assert.True(host.Catalog.TryGetHandler("fixtures.json-v12", out var handler));
        var jobType = ((Kairos.Host.Catalog.TypeJobHandler)handler).JobType;
        var context = System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(jobType.Assembly)!;
        Assert.True(context.IsCollectible);
        Assert.Same(typeof(IJob).Assembly, jobType.GetInterfaces().Single(i => i.Name == nameof(IJob)).Assembly);
        Assert.DoesNotContain(context.Assemblies, a => a.GetName().Name == "Kairos.Abstractions");
        Assert.Contains(context.Assemblies, a => a.GetName().Name == "Newtonsoft.Json");
    }
}
