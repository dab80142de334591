using System.Diagnostics;
using System.Runtime.CompilerServices;
using Kairos.IntegrationTests.Scripts.Fakes;
using Xunit.Abstractions;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptChurnTests(ITestOutputHelper output) : IDisposable
{
    private const string AssemblyPrefix = "kairos.script.churn.";
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task HundredEditCompileReloadCycles_DoNotGrowLoadedAssemblies()
    {
        static string Text(int cycle) => $"// kairos: id = churn.job\n// kairos: interval = 10s\nawait Task.Yield();\nLogger.LogInformation(\"cycle {{Cycle}}\", {cycle});\n";
        ScriptHost.Seed(_temp.Path, "churn.csx", Text(0));
        // Asserts on collection, not on time: a warm compile is 50-200 ms, so this takes 15-40 s depending on the machine.
        // Rescans are requested explicitly so each cycle is exactly one edit, one compile and one reload.
        await using var host = await ScriptHost.StartAsync(_temp.Path, scripts: s =>
        {
            s.UseFileSystemWatcher = false;
            s.PollInterval = TimeSpan.Zero;
        });
        var clock = Stopwatch.StartNew();
        var loadedAtCycle10 = -1;

        for (var cycle = 1; cycle <= 100; cycle++)
        {
            host.Write("churn.csx", Text(cycle));
            await host.Source.RescanAsync();
            var run = await host.RunAsync("churn.job");
            Assert.Equal([$"Information: cycle {cycle}"], run.Log.Lines);
            if (cycle == 10)
            {
                await host.Source.WhenIdleAsync();
                loadedAtCycle10 = CountLoaded();
            }
        }
        await host.Source.WhenIdleAsync();
        clock.Stop();

        var counters = host.Counters;
        Assert.Equal((101L, 100L, 100L, 100L, 0L), (counters.Compiles, counters.Reloads, counters.Unloads, counters.UnloadsCollected, counters.Leaks));
        Assert.Equal(1, CountLoaded());
        Assert.Equal(1, loadedAtCycle10);
        output.WriteLine($"GC pause total {GC.GetTotalPauseDuration().TotalMilliseconds:0} ms, gen2 count {GC.CollectionCount(2)}, heap {GC.GetTotalMemory(false) / 1048576} MiB");
        output.WriteLine($"100 edit-compile-reload-run cycles in {clock.ElapsedMilliseconds} ms ({clock.ElapsedMilliseconds / 100.0:0} ms per cycle; last compile {counters.LastCompileMs} ms, last reload {counters.LastReloadMs} ms)");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int CountLoaded()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return AppDomain.CurrentDomain.GetAssemblies().Count(a => a.GetName().Name?.StartsWith(AssemblyPrefix, StringComparison.Ordinal) == true);
    }
}
