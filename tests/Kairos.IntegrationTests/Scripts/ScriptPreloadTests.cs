using Kairos.Host.Scripts.Status;
using Kairos.IntegrationTests.Scripts.Fakes;

namespace Kairos.IntegrationTests.Scripts;

public sealed class ScriptPreloadTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly TempFolder _temp = new();

    public void Dispose() => _temp.Dispose();

    private static string Job(string body) => $"// kairos: id = preload.job\n// kairos: cron = 0 * * * *\n{body}\n";

    [Fact]
    public async Task Start_PublishesThePreloadedBuild_WithoutCompilingTheScriptAgain()
    {
        ScriptHost.Seed(_temp.Path, "job.csx", Job("Logger.LogInformation(\"v1\");"));

        await using var host = await ScriptHost.StartAsync(_temp.Path, beforeStart: h => h.Source.Preload().WaitAsync(Limit));

        Assert.Equal((1L, 0L), (host.Counters.Compiles, host.Counters.CacheHits));
        Assert.Equal(["Information: v1"], (await host.RunAsync("preload.job")).Log.Lines);
    }

    [Fact]
    public async Task Start_BuildsTheScriptAsItIsNow_WhenItWasEditedAfterThePreload()
    {
        ScriptHost.Seed(_temp.Path, "job.csx", Job("Logger.LogInformation(\"v1\");"));

        await using var host = await ScriptHost.StartAsync(_temp.Path, beforeStart: async h =>
        {
            await h.Source.Preload().WaitAsync(Limit);
            h.Write("job.csx", Job("Logger.LogInformation(\"v2\");"));
        });

        Assert.Equal((2L, 0L), (host.Counters.Compiles, host.Counters.CacheHits));
        Assert.Equal(["Information: v2"], (await host.RunAsync("preload.job")).Log.Lines);
    }

    [Fact]
    public async Task Preload_LeavesNonJobFiles_ToTheScan()
    {
        ScriptHost.Seed(_temp.Path, "lib/helpers.csx", "static int Two() => 2;\n");
        ScriptHost.Seed(_temp.Path, "job.csx", Job("Logger.LogInformation(\"v1\");"));

        await using var host = await ScriptHost.StartAsync(_temp.Path, beforeStart: h => h.Source.Preload().WaitAsync(Limit));

        Assert.Equal(ScriptState.Library, host.Status("lib/helpers.csx").State);
        Assert.Equal((1L, 0L), (host.Counters.Compiles, host.Counters.CacheHits));
    }
}
