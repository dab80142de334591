using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Kairos.Bench.Scenarios;

namespace Kairos.Bench.Tests;

/// <summary>
/// Each scenario runs end to end with tiny sizes and prints its lines. Checks that the benchmarks work, never how
/// fast anything is (no timing assertions). The PostgreSQL ones start a private server of their own (needs the
/// PostgreSQL 15 server binaries, as the integration tests do).
/// </summary>
public sealed class ScenarioSmokeTests
{
    [Fact]
    public async Task Burst_PrintsEachImplementationAndRatios_AndKairosRecordsEveryFire()
    {
        var (report, lines) = NewReport();
        await new BurstScenario(Options("burst --quick --fires 40 --stores ram,sqlite"), report).RunAsync();

        var kairos = Impl(lines(), "burst", "kairos");
        Assert.Equal(40, Median(kairos, "fires_completed"));
        Assert.Equal(40, Median(kairos, "records_succeeded"));
        Assert.Equal(40, Median(Impl(lines(), "burst", "quartz-ram"), "fires_completed"));
        Assert.Equal(40, Median(Impl(lines(), "burst", "quartz-sqlite"), "fires_completed"));
        Assert.Contains(lines(), l => l["ratio"]?.GetValue<string>() == "kairos/quartz-sqlite");
    }

    [Fact]
    public async Task BurstSingle_SchedulesOneCallPerFire_AndKairosRecordsEveryFire()
    {
        var (report, lines) = NewReport();
        await new BurstScenario(Options("burst-single --quick --fires 30 --stores ram"), report, oneByOne: true).RunAsync();

        var kairos = Impl(lines(), "burst-single", "kairos");
        Assert.Equal(30, Median(kairos, "records_succeeded"));
        Assert.Equal(30, Median(Impl(lines(), "burst-single", "quartz-ram"), "fires_completed"));
        Assert.Equal("one call per fire, each awaited", kairos["settings"]?["scheduling"]?.GetValue<string>());
    }

    [Fact]
    public async Task BurstListener_RunsKairosWithoutAndWithANoOpListener_AndPrintsTheirRatio()
    {
        var (report, lines) = NewReport();
        await new BurstScenario(Options("burst-listener --quick --fires 40"), report, listener: true).RunAsync();

        Assert.Equal(40, Median(Impl(lines(), "burst-listener", "kairos"), "records_succeeded"));
        Assert.Equal(40, Median(Impl(lines(), "burst-listener", "kairos-listener"), "records_succeeded"));
        Assert.Contains(lines(), l => l["ratio"]?.GetValue<string>() == "kairos-listener/kairos");
        Assert.DoesNotContain(lines(), l => l["impl"]?.GetValue<string>()?.StartsWith("quartz", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task Latency_CountsEveryFireOfTheWindow()
    {
        var (report, lines) = NewReport();
        await new LatencyScenario(Options("latency --quick --triggers 5 --seconds 1 --lead-ms 300 --grace-ms 500"), report).RunAsync();

        foreach (var impl in new[] { "kairos", "quartz-ram" })
        {
            var line = Impl(lines(), "latency", impl);
            Assert.Equal(0, Median(line, "missed"));
            Assert.True(Median(line, "p50_ms") >= 0);
        }
    }

    [Fact]
    public async Task BurstPostgres_RunsEveryFireOnceOnOneAndThreeHosts_ForBothSchedulers()
    {
        var (report, lines) = NewReport();
        using (var postgres = new BenchPostgres())
        {
            await new BurstScenario(Options("burst-pg --quick --fires 40 --drain 30 --hosts 1,3"), report, postgres).RunAsync();
        }

        foreach (var impl in new[] { "kairos-pg-1", "quartz-pg-1", "kairos-pg-3", "quartz-pg-3" })
        {
            var line = Impl(lines(), "burst-pg", impl);
            Assert.Equal(40, Median(line, "fires_completed"));
            Assert.Equal(30, Median(line, "drain_completed"));
            Assert.Equal(0, Median(line, "extra_fires"));
        }
        Assert.Equal(70, Median(Impl(lines(), "burst-pg", "kairos-pg-3"), "records_succeeded"));
        Assert.Contains(lines(), l => l["ratio"]?.GetValue<string>() == "kairos-pg-3/quartz-pg-3");
    }

    [Fact]
    public async Task LatencyPostgres_CountsEveryFireOfTheWindow_OnThreeHosts()
    {
        var (report, lines) = NewReport();
        using (var postgres = new BenchPostgres())
        {
            await new LatencyScenario(Options("latency-pg --quick --triggers 5 --seconds 1 --lead-ms 500 --grace-ms 1000 --hosts 3"), report, postgres).RunAsync();
        }

        foreach (var impl in new[] { "kairos-pg-3", "quartz-pg-3" })
        {
            var line = Impl(lines(), "latency-pg", impl);
            Assert.Equal(0, Median(line, "missed"));
            Assert.Equal(0, Median(line, "duplicates"));
        }
    }

    [Fact]
    public async Task ManyChild_RegistersTriggersThatDoNotFire()
    {
        foreach (var impl in new[] { "kairos", "quartz-ram" })
        {
            var output = new StringWriter();
            var original = Console.Out;
            Console.SetOut(output);
            try
            {
                Assert.Equal(0, await ManyScenario.RunChildAsync(Options($"{ManyScenario.ChildCommand} --impl {impl} --triggers 50 --idle 1 --settle-ms 200")));
            }
            finally
            {
                Console.SetOut(original);
            }
            var result = JsonNode.Parse(output.ToString().Trim().Split('\n')[^1])!;
            Assert.Equal(0, result["metrics"]!["fired_during_test"]!.GetValue<double>());
            Assert.True(result["metrics"]!["register_ms"]!.GetValue<double>() > 0);
        }
    }

    [Fact]
    public async Task Cron_ComparesAllThreeInBothZones()
    {
        var (report, lines) = NewReport();
        await new CronScenario(Options("cron --quick --ops 600"), report).RunAsync();

        foreach (var scenario in new[] { "cron UTC", "cron America/New_York" })
        {
            foreach (var impl in new[] { "kairos", "quartz", "cronos" })
            {
                Assert.True(Median(Impl(lines(), scenario, impl), "ns_per_op") > 0);
            }
        }
    }

    private static BenchOptions Options(string args) => BenchOptions.Parse(args.Split(' '));

    private static (Report Report, Func<List<JsonObject>> Lines) NewReport()
    {
        var output = new StringWriter();
        return (new Report(output), () => output.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonNode.Parse(l)!.AsObject()).ToList());
    }

    private static JsonObject Impl(List<JsonObject> lines, string scenario, string impl) =>
        lines.Single(l => l["scenario"]!.GetValue<string>() == scenario && l["impl"]?.GetValue<string>() == impl);

    private static double Median(JsonObject line, string metric) => line["metrics"]![metric]!["median"]!.GetValue<double>();
}
