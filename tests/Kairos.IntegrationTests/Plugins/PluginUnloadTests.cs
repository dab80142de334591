using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Kairos.Host.Plugins.Inspection;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

[Collection(PluginTestGroup.Name)]
public sealed class PluginUnloadTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task Unload_CollectsTheContext_AndItsAssemblies()
    {
        var folder = Path.Combine(Path.GetTempPath(), "kairos-plugin-tests", Guid.NewGuid().ToString("N"));
        var deployed = PluginFixtures.Deploy("JsonV12Plugin", folder);
        try
        {
            var context = LoadRunAndUnload(Path.Combine(deployed, "JsonV12Plugin.dll"));

            for (var round = 0; context.IsAlive && round < 10; round++)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
            }

            Assert.False(context.IsAlive);
            Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "JsonV12Plugin");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task FiftyReloads_LeaveOneLoadedCopy_AndEveryOldContextCollected()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();
        var before = LoadedCopies();

        for (var cycle = 1; cycle <= 50; cycle++)
        {
            var build = cycle % 2 == 0 ? "v1" : "v2";
            host.Deploy(cycle % 2 == 0 ? "Reloadable.V1" : "Reloadable.V2", "Reloadable");
            host.ScanNow();
            var context = new FakeJobContext(JobId);
            await host.RunAsync(JobId, context);
            Assert.Equal($"finished {build}", context.Log.Messages[^1]);
        }
        await host.WhenIdleAsync();
        var retired = host.Registry.Snapshot().Where(p => p.State == PluginState.Unloaded).ToList();
        Assert.Equal(PluginStatusBoard.UnloadedHistory, retired.Count);
        Assert.All(retired, p => Assert.True(p.Collected));

        Assert.Equal(before, LoadedCopies());
        Assert.Equal(1, AssemblyLoadContext.All.Count(c => c.Name == "Reloadable"));
    }

    [Fact]
    public async Task RemovedPlugin_LeavesTheCatalog_AndComesBackWhenRedeployed()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("Reloadable.V1", "Reloadable");
        host.Deploy("JsonV13Plugin");
        await host.StartAsync();
        var version = host.VersionOf(JobId);
        var whenLogged = RetiredWhenLogged(host, 211, "Reloadable");

        Directory.Delete(folder, recursive: true);
        host.ScanNow();

        Assert.Null(host.VersionOf(JobId));
        Assert.NotNull(host.VersionOf("fixtures.json-v13"));
        Assert.Null(host.Registry.Find("Reloadable"));
        Assert.Single(host.Logs.Where(l => l.EventId == 207 && l.Message.Contains("Reloadable", StringComparison.Ordinal)));
        await host.WhenIdleAsync();
        Assert.Contains(host.Registry.Snapshot(), p => p.Name == "Reloadable" && p.State == PluginState.Unloaded && p.Collected == true);
        // 'unloaded and collected' is logged once the status board says so.
        Assert.Equal((PluginState.Unloaded, true), (whenLogged()?.State, whenLogged()?.Collected));

        host.Deploy("Reloadable.V1", "Reloadable");
        host.ScanNow();

        Assert.Equal(version, host.VersionOf(JobId));
        var context = new FakeJobContext(JobId);
        await host.RunAsync(JobId, context);
        Assert.Equal("finished v1", context.Log.Messages[^1]);
    }

    [Fact]
    public async Task Unload_CollectsAPluginThatSerialisedItsOwnTypesWithNewtonsoftJson()
    {
        // Newtonsoft.Json asks TypeDescriptor about every type it serialises, and TypeDescriptor's caches (in the
        // host's context) kept such plugins alive forever until the host made them forget the plugin's types. The
        // fixture's record also brings IEquatable<Payload>, List<Payload> and Payload[]: framework types built from the
        // plugin's, cached by the interface provider too (issue 17: the Subscriptions sample leaked through them).
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("JsonV13Plugin");
        host.Deploy("SessionCleanup");
        await host.StartAsync();
        await host.RunAsync("fixtures.json-v13", new FakeJobContext("fixtures.json-v13"));

        Directory.Delete(folder, recursive: true);
        host.ScanNow();
        await host.WhenIdleAsync();

        Assert.Contains(host.Registry.Snapshot(), p => p.Name == "JsonV13Plugin" && p.State == PluginState.Unloaded && p.Collected == true);
        Assert.Empty(host.Logs.Where(l => l.EventId == 212));
    }

    [Fact]
    public async Task Leak_IsLoggedWithThePluginName_WhenTheHostStillHoldsOneOfItsTypes()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("Reloadable.V1", "Leaky");
        await host.StartAsync();
        Assert.True(host.Catalog.TryGetHandler(JobId, out var handler));
        var held = ((Kairos.Host.Catalog.TypeJobHandler)handler).JobType;
        var whenLogged = RetiredWhenLogged(host, 212, "Leaky");

        Directory.Delete(folder, recursive: true);
        host.ScanNow();
        await host.WhenIdleAsync();

        var leak = Assert.Single(host.Logs.Where(l => l.EventId == 212));
        Assert.Contains("Plugin Leaky", leak.Message, StringComparison.Ordinal);
        Assert.Contains(host.Registry.Snapshot(), p => p.Name == "Leaky" && p.State == PluginState.Unloaded && p.Collected == false);
        // The leak is logged once the status board shows the version unloaded and not collected.
        Assert.Equal((PluginState.Unloaded, false), (whenLogged()?.State, whenLogged()?.Collected));
        GC.KeepAlive(held);
    }

    /// <summary>
    /// The status board's entry for the retired version of <paramref name="plugin"/> as it was when event
    /// <paramref name="eventId"/> was written for it (read on the logging thread); null until then. Read it once the
    /// retirement is over (<see cref="PluginTestHost.WhenIdleAsync"/>).
    /// </summary>
    private static Func<PluginInfo?> RetiredWhenLogged(PluginTestHost host, int eventId, string plugin)
    {
        PluginInfo? seen = null;
        host.Logs.Logged += line =>
        {
            if (line.EventId == eventId && line.Message.StartsWith($"Plugin {plugin} ", StringComparison.Ordinal))
            {
                seen = host.Registry.Snapshot().LastOrDefault(p => p.Name == plugin);
            }
        };
        return () => seen;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference LoadRunAndUnload(string mainAssembly)
    {
        var context = PluginAssemblyContext.Load(mainAssembly);
        var types = PluginTypeScanner.Scan(context.MainAssembly);
        var job = (IJob)Activator.CreateInstance(Assert.Single(types.Jobs).Type)!;
        job.ExecuteAsync(new FakeJobContext("fixtures.json-v12"), CancellationToken.None).GetAwaiter().GetResult();
        return context.Unload();
    }

    /// <summary>
    /// Loaded Reloadable assemblies, once collections have removed every unloaded copy they can: the test host loads
    /// one, and a copy a previous test unloaded may take more than a few collections to go (then the count before and
    /// after this test's 50 reloads differed by that copy, not by a leak). A real leak still shows after 20 rounds.
    /// </summary>
    private static int LoadedCopies()
    {
        for (var round = 0; round < 20 && (round < 3 || AssemblyLoadContext.All.Count(c => c.Name == "Reloadable") > 1); round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name == "Reloadable");
    }
}
