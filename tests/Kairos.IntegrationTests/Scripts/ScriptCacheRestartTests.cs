using System.Diagnostics;
using Kairos.Host.Scripts.Status;
using Kairos.IntegrationTests.Scripts.Fakes;
using Xunit.Abstractions;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptCacheRestartTests(ITestOutputHelper output) : IDisposable
{
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task Restart_WithUnchangedScripts_CompilesNothing()
    {
        ScriptHost.Seed(_temp.Path, "lib/shared.csx", "static string Shared() => \"shared\";\n");
        ScriptHost.Seed(_temp.Path, "one.csx", "// kairos: id = cache.one\n// kairos: interval = 1m\n#load \"lib/shared.csx\"\nLogger.LogInformation(\"one \" + Shared());\n");
        ScriptHost.Seed(_temp.Path, "two.csx", "// kairos: id = cache.two\n// kairos: interval = 1m\nLogger.LogInformation(\"two\");\n");

        var cold = Stopwatch.StartNew();
        string version;
        await using (var first = await ScriptHost.StartAsync(_temp.Path))
        {
            cold.Stop();
            Assert.Equal((2L, 0L), (first.Counters.Compiles, first.Counters.CacheHits));
            Assert.Equal(2, first.Logs.Count(302));
            version = first.Handler("cache.one").Version;
        }

        var warm = Stopwatch.StartNew();
        await using var second = await ScriptHost.StartAsync(_temp.Path);
        warm.Stop();

        Assert.Equal((0L, 2L), (second.Counters.Compiles, second.Counters.CacheHits));
        Assert.Equal(2, second.Logs.Count(303));
        Assert.Equal(0, second.Logs.Count(302));
        Assert.Contains(second.Logs.Events, e => e.EventId == 311 && e.Message.Contains("0 compiled, 2 from cache", StringComparison.Ordinal));
        Assert.Equal(version, second.Handler("cache.one").Version);
        Assert.Equal(["Information: one shared"], (await second.RunAsync("cache.one")).Log.Lines);
        output.WriteLine($"start with 2 scripts: cold {cold.ElapsedMilliseconds} ms, warm cache {warm.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task Restart_RecompilesOnlyTheScriptWhoseLoadedFileChanged()
    {
        ScriptHost.Seed(_temp.Path, "lib/shared.csx", "static string Shared() => \"v1\";\n");
        ScriptHost.Seed(_temp.Path, "uses.csx", "// kairos: id = uses.lib\n#load \"lib/shared.csx\"\nLogger.LogInformation(Shared());\n");
        ScriptHost.Seed(_temp.Path, "plain.csx", "// kairos: id = plain\nreturn;\n");
        await using (await ScriptHost.StartAsync(_temp.Path))
        {
        }
        ScriptHost.Seed(_temp.Path, "lib/shared.csx", "static string Shared() => \"v2\";\n");

        await using var second = await ScriptHost.StartAsync(_temp.Path);

        Assert.Equal((1L, 1L), (second.Counters.Compiles, second.Counters.CacheHits));
        Assert.Equal(["Information: v2"], (await second.RunAsync("uses.lib")).Log.Lines);
    }

    [Fact]
    public async Task DamagedCacheEntry_IsCompiledAgain()
    {
        ScriptHost.Seed(_temp.Path, "job.csx", "// kairos: id = damaged\nLogger.LogInformation(\"ok\");\n");
        string cacheFolder;
        await using (var first = await ScriptHost.StartAsync(_temp.Path))
        {
            cacheFolder = first.Board.Snapshot().CacheFolder!;
        }
        foreach (var image in Directory.GetFiles(cacheFolder, "*.dll"))
        {
            File.WriteAllBytes(image, [0x4d, 0x5a, 0, 0]);
        }

        await using var second = await ScriptHost.StartAsync(_temp.Path);

        Assert.Equal((1L, 0L), (second.Counters.Compiles, second.Counters.CacheHits));
        Assert.Equal(1, second.Logs.Count(316));
        Assert.Equal(ScriptState.Healthy, second.Status("job.csx").State);
        Assert.Equal(["Information: ok"], (await second.RunAsync("damaged")).Log.Lines);
    }
}
