using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Kairos.Bench.Scenarios;

namespace Kairos.Bench;

/// <summary>
/// <c>Kairos.Bench SCENARIO [options]</c>: runs one scenario (or <c>all</c>) on Kairos and Quartz.NET alternately and
/// prints one JSON line per implementation and per ratio on stdout; progress goes to stderr.
/// </summary>
internal static class BenchProgram
{
    private const string Usage = """
        usage: Kairos.Bench <burst|burst-single|burst-listener|latency|latency-5k|burst-pg|latency-pg|many|many-1m|cron|cold|reload|script|all> [--quick] [--reps N] [--warmups N]
                            [--results DIR] [--stores ram,sqlite|none] [--threads N (10)] [--telemetry on|off] [scenario options]
          burst    --fires N (20000) --cap S (30)   one-shot fires due now, run records persisted; fires/s
                   (scheduled in one batch call on both sides; default stores ram,sqlite; 3 reps after a full-size
                   warm-up; a repetition is cut off after the cap)
          burst-single   the same, scheduled with one awaited call per fire on both sides
          burst-listener   the burst on Kairos only, without a listener and with one no-op ISchedulerListener;
                   ratio kairos-listener/kairos (what the listener path costs; 3 reps)
          latency  --triggers N (500) --seconds S (15) --lead-ms (2000) --grace-ms (2000)
                   every-second cron triggers; lateness p50/p99/max and missed fires (default store ram; 2 reps)
          latency-5k   the same at ten times the load: --triggers 5000 by default
          --telemetry on   burst and latency add kairos-telemetry (a MeterListener and an ActivityListener on the
                   Kairos meter and run spans) and the ratio kairos-telemetry/kairos (budget: 5 % fires/s, 0.5 ms p99)
          burst-pg   --fires N (5000) --cap S (30) --hosts 1,3 --drain N (= fires; 0: none)
          latency-pg --triggers N (200) --seconds S (15) --hosts 1,3 [--dump DIR: every fire as CSV]
                   the same on a private PostgreSQL server (initdb in a temp folder; a database per repetition):
                   Kairos hosts against clustered Quartz AdoJobStore schedulers, per host count (burst-pg 3 reps,
                   latency-pg 2)
          many     --triggers N (100000) --idle S (10) --distinct N (all)
                   registered cron triggers, each repetition in fresh child processes; RSS, heap, idle CPU
                   (default store ram; 1 rep)
          many-1m  the same with --triggers 1000000
          cron     --ops N (200000)   next occurrence, UTC and America/New_York; ns/op and bytes/op (5 reps)
          cold     launch to first job body, measured from outside: kairos run with a plugin job, a script job
                   (warm and cold compile cache), Quartz RAMJobStore process; peak RSS (5 reps)
          reload   --changes N (200) --timed N (50)   plugin replaced in a running host (v1/v2 alternately):
                   file in place → new version loaded, → its first fire; assemblies and RSS after 10 and N
          script   --changes N (100) --timed N (30)   the same for a .csx edited in place
        --quick runs tiny sizes once (a smoke run, not a measurement).
        """;

    private static string _loadAtStart = "unknown";

    public static async Task<int> MainAsync(string[] args)
    {
        _loadAtStart = LoadAverage();
        BenchOptions options;
        try
        {
            options = BenchOptions.Parse(args);
        }
        catch (Exception e) when (e is ArgumentException or FormatException)
        {
            await Console.Error.WriteLineAsync($"{e.Message}\n{Usage}").ConfigureAwait(false);
            return 2;
        }
        if (options.Command == ColdScenario.ChildCommand)
        {
            return await ColdScenario.RunChildAsync().ConfigureAwait(false);
        }
        if (options.Command == ManyScenario.ChildCommand)
        {
            return await ManyScenario.RunChildAsync(options).ConfigureAwait(false);
        }

        var report = new Report(Console.Out);
        using var postgres = new BenchPostgres();
        var scenarios = new Dictionary<string, Func<Task>>(StringComparer.Ordinal)
        {
            [BurstScenario.Name] = () => new BurstScenario(options, report).RunAsync(),
            [BurstScenario.OneByOneName] = () => new BurstScenario(options, report, oneByOne: true).RunAsync(),
            [BurstScenario.ListenerName] = () => new BurstScenario(options, report, listener: true).RunAsync(),
            [LatencyScenario.Name] = () => new LatencyScenario(options, report).RunAsync(),
            [LatencyScenario.LoadName] = () => new LatencyScenario(options, report, atLoad: true).RunAsync(),
            [BurstScenario.PostgresName] = () => new BurstScenario(options, report, postgres).RunAsync(),
            [LatencyScenario.PostgresName] = () => new LatencyScenario(options, report, postgres).RunAsync(),
            [ManyScenario.Name] = () => new ManyScenario(options, report).RunAsync(),
            [ManyScenario.MillionName] = () => new ManyScenario(options, report, million: true).RunAsync(),
            [CronScenario.Name] = () => new CronScenario(options, report).RunAsync(),
            [ColdScenario.Name] = () => new ColdScenario(options, report).RunAsync(),
            [ReloadScenario.PluginName] = () => new ReloadScenario(ReloadScenario.PluginName, options, report).RunAsync(),
            [ReloadScenario.ScriptName] = () => new ReloadScenario(ReloadScenario.ScriptName, options, report).RunAsync(),
        };
        IEnumerable<string> selected = options.Command == "all" ? scenarios.Keys : [options.Command];
        foreach (var name in selected)
        {
            if (!scenarios.TryGetValue(name, out var run))
            {
                await Console.Error.WriteLineAsync($"unknown scenario '{name}'\n{Usage}").ConfigureAwait(false);
                return 2;
            }
            await Console.Error.WriteLineAsync($"== {name}{(options.Quick ? " (quick)" : "")}").ConfigureAwait(false);
            await run().ConfigureAwait(false);
        }
        if (options.ResultsDir is { } dir)
        {
            report.WriteFiles(dir, Machine(options));
        }
        return 0;
    }

    private static JsonObject Machine(BenchOptions options) => new()
    {
        ["date_utc"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture),
        ["commit"] = Environment.GetEnvironmentVariable("KAIROS_BENCH_COMMIT") ?? "unknown",
        ["cpu"] = CpuModel(),
        ["cores"] = Environment.ProcessorCount,
        ["memory_gib"] = Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024), 1),
        ["os"] = RuntimeInformation.OSDescription,
        ["runtime"] = RuntimeInformation.FrameworkDescription,
        ["gc"] = System.Runtime.GCSettings.IsServerGC ? "server" : "workstation, concurrent",
        ["mode"] = options.Quick ? "quick (tiny sizes, 1 repetition: not a measurement)" : "full",
        ["load_average_start"] = _loadAtStart,
        ["load_average_end"] = LoadAverage(),
        ["quartz"] = typeof(Quartz.IScheduler).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "?",
    };

    /// <summary>1, 5 and 15 minute load averages: other work on the machine while the benchmarks ran.</summary>
    private static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "unknown";
        }
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        }
        catch (IOException)
        {
            return "unknown";
        }
    }
}
