using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>The real <c>kairos cron</c> with a trigger's jitter: the effective times of that job's trigger.</summary>
public sealed class CronJitterCliTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-cron-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Cron_WithJitterAndJob_PrintsTheJitteredTimes_InTheZone_AcrossTheSpringForward()
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root,
            "cron", "0 3 * * *", "--tz", "Europe/London", "--from", "2026-03-27T00:00:00Z", "--count", "3", "--jitter", "1h", "--job", "reports.daily", "--trigger", "nightly");

        Assert.Equal(0, exit);
        Assert.Equal("", stderr);
        Assert.Equal(
            [
                "2026-03-27T03:25:05.517Z  2026-03-27 03:25:05.517 +00:00  (jitter +00:25:05.517)",
                "2026-03-28T03:25:05.517Z  2026-03-28 03:25:05.517 +00:00  (jitter +00:25:05.517)",
                "2026-03-29T02:25:05.517Z  2026-03-29 03:25:05.517 +01:00  (jitter +00:25:05.517)",
            ],
            stdout.TrimEnd().Split('\n').Select(l => l.TrimEnd('\r')));
    }

    [Fact]
    public async Task Cron_WithJitterButNoJob_SaysTheOffsetNeedsTheJob()
    {
        var (exit, _, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "cron", "0 3 * * *", "--jitter", "1h");

        Assert.Equal(2, exit);
        Assert.Equal("kairos: error: --jitter needs --job ID (and --trigger KEY when not 'default'): the offset is derived from them", stderr.TrimEnd());
    }
}
