using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// many: N cron triggers registered, none due during the test. Each repetition is a fresh child process (so RSS is
/// not shared between implementations): baseline after start and a full GC, registration time, RSS and managed heap
/// after a full GC, then CPU used while idle. Two sizes: <see cref="Name"/> (100,000 triggers) and
/// <see cref="MillionName"/> (1,000,000).
/// </summary>
internal sealed class ManyScenario(BenchOptions options, Report report, bool million = false)
{
    public const string Name = "many";
    public const string MillionName = "many-1m";
    public const string ChildCommand = "many-child";

    private string Scenario => million ? MillionName : Name;

    private int Triggers => options.Int("triggers", million ? 1_000_000 : 100_000, million ? 20_000 : 2_000);

    private int Idle => options.Int("idle", 10, 2);

    public async Task RunAsync()
    {
        var contenders = new List<Contender> { new("kairos", w => SpawnAsync("kairos", w)) };
        foreach (var store in options.Stores("ram"))
        {
            var name = QuartzInstance.Name(store == "ram" ? QuartzStore.Ram : QuartzStore.Sqlite);
            contenders.Add(new Contender(name, w => SpawnAsync(name, w)));
        }
        var results = await Alternation.RunAsync(contenders, options.Warmups(0), options.Reps(1), Console.Error.WriteLine).ConfigureAwait(false);
        report.AddResults(Scenario, results, new JsonObject
        {
            ["triggers"] = Triggers,
            ["distinct_expressions"] = Distinct(options, Triggers),
            ["idle_seconds"] = Idle,
            ["process"] = "a fresh child process per implementation and repetition",
            ["threads"] = options.Threads,
        });
        foreach (var other in contenders.Skip(1))
        {
            report.AddRatio(Scenario, "kairos", other.Name);
        }
    }

    private static int Distinct(BenchOptions options, int triggers) => Math.Clamp(options.Int("distinct", triggers), 1, triggers);

    private async Task<Measurement> SpawnAsync(string impl, bool warmup)
    {
        var self = Environment.ProcessPath ?? "dotnet";
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ManyScenario).Assembly.Location);
        }
        foreach (var arg in new[]
        {
            ChildCommand, "--impl", impl, "--triggers", (warmup ? Math.Max(100, Triggers / 10) : Triggers).ToString(CultureInfo.InvariantCulture),
            "--idle", (warmup ? 1 : Idle).ToString(CultureInfo.InvariantCulture), "--distinct", Distinct(options, Triggers).ToString(CultureInfo.InvariantCulture),
            "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }
        using var child = Process.Start(start) ?? throw new InvalidOperationException($"cannot start '{self}'");
        var output = await child.StandardOutput.ReadToEndAsync().ConfigureAwait(false);
        await child.WaitForExitAsync().ConfigureAwait(false);
        var json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'))
            ?? throw new InvalidOperationException($"{ChildCommand} {impl} exited with {child.ExitCode} and printed no result");
        var node = JsonNode.Parse(json)!.AsObject();
        var m = new Measurement();
        foreach (var (key, value) in node["metrics"]!.AsObject())
        {
            m[key] = value!.GetValue<double>();
        }
        foreach (var (key, value) in node["notes"]?.AsObject() ?? [])
        {
            m.Notes[key] = value!.GetValue<string>();
        }
        return m;
    }

    /// <summary>The child process: one implementation, one repetition; prints one JSON object.</summary>
    public static async Task<int> RunChildAsync(BenchOptions options)
    {
        var impl = options.String("impl", "kairos");
        var n = options.Int("triggers", 100_000);
        var distinct = Distinct(options, n);
        var idle = TimeSpan.FromSeconds(options.Int("idle", 10));
        var settle = TimeSpan.FromMilliseconds(options.Int("settle-ms", 1000));
        var probe = new CountdownProbe(int.MaxValue);
        var m = new Measurement();
        // Two months ahead: never due while the test runs (unless it straddles two month ends).
        var month = (DateTime.UtcNow.Month + 1) % 12 + 1;

        Func<int, Task> register;
        Func<Task> stop;
        IAsyncDisposable instance;
        if (impl == "kairos")
        {
            var kairos = await KairosInstance.StartAsync(options.Threads, b => b.AddJob<KairosManyJob>(), s => s.AddSingleton(probe)).ConfigureAwait(false);
            var triggers = kairos.TriggersOf(KairosManyJob.Id);
            register = i => triggers.UpsertAsync(TriggerSpec.Cron("m" + i, Expression(i % distinct, month, "*")), CancellationToken.None);
            stop = kairos.StopAsync;
            instance = kairos;
            m.Notes["store"] = "LiteDB file (triggers are documents; the parsed-expression cache is in memory)";
        }
        else
        {
            var store = impl == "quartz-ram" ? QuartzStore.Ram : QuartzStore.Sqlite;
            var quartz = await QuartzInstance.StartAsync(store, options.Threads, () => new QuartzManyJob(probe)).ConfigureAwait(false);
            var job = JobBuilder.Create<QuartzManyJob>().WithIdentity("many").StoreDurably().Build();
            await quartz.Scheduler.AddJob(job).ConfigureAwait(false);
            register = async i => await quartz.Scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity("m" + i).ForJob(job.Key)
                .WithSchedule(CronScheduleBuilder.Create(Expression(i % distinct, month, "?"))).Build()).ConfigureAwait(false);
            stop = quartz.StopAsync;
            instance = quartz;
        }

        await Task.Delay(settle / 2).ConfigureAwait(false);
        ProcessStats.FullGc();
        var rss0 = ProcessStats.Rss();
        var heap0 = ProcessStats.Heap();

        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n; i++)
        {
            await register(i).ConfigureAwait(false);
        }
        var registration = clock.Elapsed;

        await Task.Delay(settle).ConfigureAwait(false);
        ProcessStats.FullGc();
        var rss1 = ProcessStats.Rss();
        var heap1 = ProcessStats.Heap();

        await Console.Error.WriteLineAsync($"{ChildCommand} {impl}: {n} registered in {registration.TotalMilliseconds:F0} ms; idle for {idle.TotalSeconds:F0} s (pid {Environment.ProcessId})").ConfigureAwait(false);
        var cpu0 = ProcessStats.Cpu();
        var idleClock = Stopwatch.StartNew();
        var slices = new List<double>();
        var last = cpu0;
        while (idleClock.Elapsed < idle)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(Math.Min(1000, Math.Max(1, (idle - idleClock.Elapsed).TotalMilliseconds)))).ConfigureAwait(false);
            var cpu = ProcessStats.Cpu();
            slices.Add((cpu - last).TotalMilliseconds);
            last = cpu;
        }
        var idleCpu = ProcessStats.Cpu() - cpu0;
        m.Notes["idle_cpu_ms_per_second"] = string.Join(" ", slices.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));
        var idleWall = idleClock.Elapsed;

        m["register_ms"] = registration.TotalMilliseconds;
        m["register_per_s"] = n / registration.TotalSeconds;
        m["rss_mb"] = rss1 / (1024.0 * 1024);
        m["rss_per_trigger_bytes"] = (rss1 - rss0) / (double)n;
        m["heap_mb"] = heap1 / (1024.0 * 1024);
        m["heap_per_trigger_bytes"] = (heap1 - heap0) / (double)n;
        m["idle_cpu_ms"] = idleCpu.TotalMilliseconds;
        m["idle_cpu_pct"] = 100 * idleCpu.TotalMilliseconds / idleWall.TotalMilliseconds;
        m["peak_rss_mb"] = ProcessStats.PeakRss() / (1024.0 * 1024);
        m["fired_during_test"] = probe.Count;

        await stop().ConfigureAwait(false);
        await instance.DisposeAsync().ConfigureAwait(false);

        var metrics = new JsonObject();
        foreach (var (key, value) in m)
        {
            metrics[key] = value;
        }
        var notes = new JsonObject();
        foreach (var (key, value) in m.Notes)
        {
            notes[key] = value;
        }
        Console.WriteLine(new JsonObject { ["metrics"] = metrics, ["notes"] = notes }.ToJsonString());
        return 0;
    }

    /// <summary>Expression number <paramref name="k"/>: a distinct second/minute/hour/day of a month that is not now.</summary>
    private static string Expression(int k, int month, string weekday) => string.Create(CultureInfo.InvariantCulture,
        $"{k % 60} {k / 60 % 60} {k / 3600 % 24} {1 + k / 86400 % 28} {month} {weekday}");
}
