using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Plugins.Fakes;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>Every kind of bad plugin gives one clear error naming its file and cause; the others keep working.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class BadPluginTests
{
    [Fact]
    public async Task CorruptDll_IsReported_AndTheOtherPluginsLoad()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("JsonV13Plugin");
        await File.WriteAllTextAsync(Path.Combine(host.PluginsFolder, "Corrupt.dll"), "this is not an assembly");
        await host.StartAsync();

        AssertFailed(host, "Corrupt", "Corrupt.dll: not a valid .NET assembly");
        Assert.NotNull(host.VersionOf("fixtures.json-v13"));
    }

    [Fact]
    public async Task NativeLibrary_IsReportedAsNotDotNet()
    {
        await using var host = PluginTestHost.Create();
        var native = Directory.GetFiles(Path.GetDirectoryName(typeof(object).Assembly.Location)!, "libSystem.Native.*").First();
        File.Copy(native, Path.Combine(host.PluginsFolder, "Native.dll"));
        await host.StartAsync();

        AssertFailed(host, "Native", "Native.dll: not a");
    }

    [Fact]
    public async Task DllWithoutJobs_IsReported()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("NoJobsPlugin");
        await host.StartAsync();

        AssertFailed(host, "NoJobsPlugin", "NoJobsPlugin.dll: contains no jobs");
    }

    [Fact]
    public async Task AssemblyWithoutTheContract_IsReportedAsHavingNoJobs()
    {
        await using var host = PluginTestHost.Create();
        var library = PluginFixtures.OutputOf("MissingDependencyPlugin");
        File.Copy(Path.Combine(library, "MissingDependencyLib.dll"), Path.Combine(host.PluginsFolder, "MissingDependencyLib.dll"));
        await host.StartAsync();

        AssertFailed(host, "MissingDependencyLib", "MissingDependencyLib.dll: contains no jobs: it does not reference Kairos.Abstractions");
    }

    [Fact]
    public async Task PluginThatCallsEnvironmentExit_IsRefusedAtLoad_NamingFileTypeAndMember_AndTheOtherPluginsLoad()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("ProcessExitPlugin");
        host.Deploy("JsonV13Plugin");
        await host.StartAsync();

        AssertFailed(host, "ProcessExitPlugin",
            "ProcessExitPlugin/ProcessExitPlugin.dll: refused: Fixtures.ProcessExit.ExitingJob.ExecuteAsync calls System.Environment.Exit, "
            + "which ends the host process and every job in it; end the run by returning or throwing instead (set Kairos:AllowProcessExit to true to allow it)");
        Assert.Null(host.VersionOf("fixtures.exiting"));
        Assert.NotNull(host.VersionOf("fixtures.json-v13"));
    }

    [Fact]
    public async Task PluginThatCallsEnvironmentExit_Loads_WhenKairosAllowProcessExitIsSet()
    {
        await using var host = PluginTestHost.Create(o => o.AllowProcessExit = true);
        host.Deploy("ProcessExitPlugin");
        await host.StartAsync();

        Assert.Equal(PluginState.Loaded, host.Registry.Find("ProcessExitPlugin")?.State);
        Assert.NotNull(host.VersionOf("fixtures.exiting"));
        // Its data does not ask it to exit, so this run returns (the test process stays).
        await host.RunAsync("fixtures.exiting", new FakeJobContext("fixtures.exiting"));
    }

    [Fact]
    public async Task JobWhoseConstructorThrows_FailsItsRun_NamingPluginFileAndType()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("ThrowingCtorPlugin");
        await host.StartAsync();

        var error = await Assert.ThrowsAsync<PluginJobActivationException>(
            () => host.RunAsync("fixtures.throwing-ctor", new FakeJobContext("fixtures.throwing-ctor")));

        Assert.Equal("ThrowingCtorPlugin", error.Plugin);
        Assert.Contains("ThrowingCtorPlugin/ThrowingCtorPlugin.dll", error.Message, StringComparison.Ordinal);
        Assert.Contains("Fixtures.ThrowingCtor.ThrowingJob: its constructor threw InvalidOperationException: the connection string is missing", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobsThatCannotLoadADependency_AreReported_AndTheRestOfThePluginLoads()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("MissingDependencyPlugin");
        File.Delete(Path.Combine(folder, "MissingDependencyLib.dll"));
        await host.StartAsync();

        Assert.NotNull(host.VersionOf("fixtures.independent"));
        Assert.Null(host.VersionOf("fixtures.uses-library"));
        Assert.Null(host.VersionOf("fixtures.derives-from-library"));
        var problems = host.Catalog.Current.Problems.Select(p => p.Message).ToList();
        Assert.Contains(problems, p => p.Contains("MissingDependencyPlugin.dll", StringComparison.Ordinal)
            && p.Contains("Fixtures.MissingDependency.UsesLibraryJob (job 'fixtures.uses-library') cannot run", StringComparison.Ordinal)
            && p.Contains("MissingDependencyLib", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("MissingDependencyPlugin.dll", StringComparison.Ordinal)
            && p.Contains("could not be loaded", StringComparison.Ordinal)
            && p.Contains("MissingDependencyLib", StringComparison.Ordinal));
        Assert.Contains("MissingDependencyLib", host.Registry.Find("MissingDependencyPlugin")!.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PluginBuiltAgainstANewerContract_IsReportedWithBothVersions()
    {
        await using var host = PluginTestHost.Create();
        host.Deploy("FuturePlugin");
        await host.StartAsync();

        AssertFailed(host, "FuturePlugin", "FuturePlugin.dll: built against Kairos.Abstractions 2.0.0.0, host has 1.0.0.0");
    }

    [Fact]
    public async Task JobIdDeclaredByTwoPlugins_IsAnErrorForTheSecond_UntilTheFirstIsRemoved()
    {
        await using var host = PluginTestHost.Create();
        var first = host.Deploy("JsonV12Plugin", "A");
        host.Deploy("JsonV12Plugin", "B");
        await host.StartAsync();

        Assert.True(host.Catalog.TryGetHandler("fixtures.json-v12", out var handler));
        Assert.Equal("plugin:A", handler.Source);
        var conflict = Assert.Single(host.Catalog.Current.Problems);
        Assert.Equal("plugin:B", conflict.Source);
        Assert.Contains("already declared by plugin:A", conflict.Message, StringComparison.Ordinal);
        Assert.Single(host.Logs.Where(l => l.EventId == 206 && l.Message.Contains("already declared by plugin:A", StringComparison.Ordinal)));

        Directory.Delete(first, recursive: true);
        host.ScanNow();

        Assert.True(host.Catalog.TryGetHandler("fixtures.json-v12", out handler));
        Assert.Equal("plugin:B", handler.Source);
        Assert.Empty(host.Catalog.Current.Problems);
    }

    [Fact]
    public async Task FolderWithoutItsMainAssembly_IsReported()
    {
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("JsonV12Plugin", "Billing");
        File.Delete(Path.Combine(folder, "JsonV12Plugin.deps.json"));
        await host.StartAsync();

        AssertFailed(host, "Billing", "no Billing.dll and no .deps.json naming the main assembly");
    }

    private static void AssertFailed(PluginTestHost host, string plugin, string expected)
    {
        var info = host.Registry.Find(plugin);
        Assert.NotNull(info);
        Assert.Equal(PluginState.Failed, info.State);
        Assert.Contains(expected, info.Error, StringComparison.Ordinal);
        var problem = Assert.Single(host.Catalog.Current.Problems, p => p.Source == $"plugin:{plugin}");
        Assert.Equal(info.Error, problem.Message);
        var logged = Assert.Single(host.Logs.Where(l => l.EventId == 204 && l.Message.Contains(plugin, StringComparison.Ordinal)));
        Assert.Contains(expected, logged.Message, StringComparison.Ordinal);
    }
}
