using System.Globalization;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// latency: T cron triggers firing every second. Fires scheduled inside a window of W seconds (starting on a second
/// boundary at least --lead-ms after registration) are kept: lateness = body start − scheduled instant; a fire scheduled in
/// the window whose body has not run within the grace after the window is missed. <c>latency-pg</c> runs the same on
/// PostgreSQL: Kairos hosts against clustered Quartz schedulers, per host count, triggers registered through the first.
/// <c>latency-5k</c> is <c>latency</c> at ten times the load: 5,000 triggers (issue #19).
/// </summary>
internal sealed class LatencyScenario(BenchOptions options, Report report, BenchPostgres? postgres = null, bool atLoad = false)
{
    public const string Name = "latency";

    public const string LoadName = "latency-5k";

    public const string PostgresName = "latency-pg";

    private string ScenarioName => postgres is not null ? PostgresName : atLoad ? LoadName : Name;

    private int Triggers => options.Int("triggers", postgres is not null ? 200 : atLoad ? 5000 : 500, postgres is not null ? 20 : atLoad ? 500 : 50);

    private int Seconds => options.Int("seconds", 15, 3);

    /// <summary>From the end of registration to the start of the window, so start-up work is not measured.</summary>
    private TimeSpan Lead => TimeSpan.FromMilliseconds(options.Int("lead-ms", 2000));

    /// <summary>After the window, how long a late fire may still arrive before it counts as missed.</summary>
    private TimeSpan Grace => TimeSpan.FromMilliseconds(options.Int("grace-ms", 2000));

    public Task RunAsync()
    {
        var lineup = postgres is null ? Lineup.Local(options.Stores("ram"), options.Telemetry) : Lineup.Postgres(options.HostCounts());
        var settings = new JsonObject { ["triggers"] = Triggers, ["seconds"] = Seconds, ["threads"] = options.Threads };
        if (postgres is not null)
        {
            settings["postgres"] = BenchPostgres.Settings;
        }
        return lineup.RunAsync(ScenarioName, RunOnceAsync, options, 2, report, settings);
    }

    private Task<Measurement> RunOnceAsync(Entrant entrant, bool warmup) =>
        entrant.IsKairos ? KairosOnceAsync(entrant, warmup) : QuartzOnceAsync(entrant, warmup);

    private BenchDatabase? DatabaseFor(Entrant entrant) =>
        entrant.OnPostgres ? postgres!.CreateDatabase(entrant.IsKairos ? "kairos_latency" : "quartz_latency") : null;

    private int WindowFor(bool warmup) => warmup ? Math.Min(3, Seconds) : Seconds;

    private async Task<Measurement> KairosOnceAsync(Entrant entrant, bool warmup)
    {
        var probe = new LatencyProbe(Triggers * (WindowFor(warmup) + 10) * 2);
        using var database = DatabaseFor(entrant);
        using var telemetry = entrant.Telemetry ? new TelemetryListener() : null;
        await using var kairos = await KairosCluster.StartAsync(
            entrant.Hosts, database?.ConnectionString, options.Threads, b => b.AddJob<KairosLatencyJob>(), s => s.AddSingleton(probe)).ConfigureAwait(false);
        var triggers = kairos.TriggersOf(KairosLatencyJob.Id);
        for (var i = 0; i < Triggers; i++)
        {
            await triggers.UpsertAsync(TriggerSpec.Cron("c" + i, "* * * * * *"), CancellationToken.None).ConfigureAwait(false);
        }
        var m = await ObserveAsync(probe, WindowFor(warmup), entrant.Name).ConfigureAwait(false);
        if (telemetry is not null)
        {
            m["telemetry_spans"] = telemetry.Spans;
            m["telemetry_measurements"] = telemetry.Measurements;
        }
        return m;
    }

    private async Task<Measurement> QuartzOnceAsync(Entrant entrant, bool warmup)
    {
        var probe = new LatencyProbe(Triggers * (WindowFor(warmup) + 10) * 2);
        using var database = DatabaseFor(entrant);
        await using var quartz = await QuartzCluster.StartAsync(
            entrant.QuartzStore, entrant.Hosts, database?.ConnectionString, options.Threads, () => new QuartzLatencyJob(probe)).ConfigureAwait(false);
        var job = JobBuilder.Create<QuartzLatencyJob>().WithIdentity("latency").StoreDurably().Build();
        await quartz.First.AddJob(job).ConfigureAwait(false);
        for (var i = 0; i < Triggers; i++)
        {
            await quartz.First.ScheduleJob(TriggerBuilder.Create().WithIdentity("c" + i).ForJob(job.Key)
                .WithSchedule(CronScheduleBuilder.Create("* * * * * ?")).Build()).ConfigureAwait(false);
        }
        return await ObserveAsync(probe, WindowFor(warmup), entrant.Name).ConfigureAwait(false);
    }

    private async Task<Measurement> ObserveAsync(LatencyProbe probe, int seconds, string impl)
    {
        var now = DateTimeOffset.UtcNow;
        var earliest = (now + Lead).UtcTicks;
        var start = new DateTimeOffset(earliest - earliest % TimeSpan.TicksPerSecond + TimeSpan.TicksPerSecond, TimeSpan.Zero);
        var end = start + TimeSpan.FromSeconds(seconds);
        using var gc = options.String("gc", "off") == "on" ? new GcPauses() : null;
        var allocated = 0L;
        if (gc is not null)
        {
            // The window alone: allocation before it (registration, start-up) is not the fires'.
            var toStart = start - DateTimeOffset.UtcNow;
            if (toStart > TimeSpan.Zero)
            {
                await Task.Delay(toStart).ConfigureAwait(false);
            }
            allocated = GC.GetTotalAllocatedBytes();
            gc.Counting = true;
            await Task.Delay(end - DateTimeOffset.UtcNow).ConfigureAwait(false);
            gc.Counting = false;
            allocated = GC.GetTotalAllocatedBytes() - allocated;
        }
        var wait = end + Grace - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait).ConfigureAwait(false);
        }
        var lateness = new List<double>();
        var seen = new HashSet<(string, long)>();
        var duplicates = 0;
        foreach (var fire in probe.Fires)
        {
            if (fire.ScheduledTicks < start.UtcTicks || fire.ScheduledTicks >= end.UtcTicks)
            {
                continue;
            }
            if (!seen.Add((fire.TriggerKey, fire.ScheduledTicks)))
            {
                duplicates++;
                continue;
            }
            lateness.Add((fire.StartedTicks - fire.ScheduledTicks) / (double)TimeSpan.TicksPerMillisecond);
        }
        if (options.String("dump", "") is { Length: > 0 } dump)
        {
            WriteFires(dump, impl, probe, start, end);
            if (gc is not null)
            {
                WriteGc(dump, impl, gc, start, Triggers * seconds);
            }
        }
        var sorted = lateness.Order().ToArray();
        var expected = Triggers * seconds;
        var m = new Measurement
        {
            ["p50_ms"] = Summary.Percentile(sorted, 50),
            ["p99_ms"] = Summary.Percentile(sorted, 99),
            ["max_ms"] = sorted.Length > 0 ? sorted[^1] : double.NaN,
            ["missed"] = expected - seen.Count,
            ["duplicates"] = duplicates,
        };
        if (gc is not null)
        {
            var inWindow = gc.Pauses.Where(p => p.Start >= start.UtcDateTime && p.Start < end.UtcDateTime).ToList();
            m["gc_pauses"] = inWindow.Count;
            m["gc_pause_ms"] = inWindow.Sum(p => p.Ms);
            m["gc_max_pause_ms"] = inWindow.Count > 0 ? inWindow.Max(p => p.Ms) : 0;
            m["alloc_per_fire_bytes"] = allocated / (double)expected;
        }
        if (probe.Dropped > 0)
        {
            m.Notes["probe"] = $"{probe.Dropped} fires beyond the probe's capacity were not recorded";
        }
        return m;
    }

    /// <summary>
    /// <c>--gc on</c> with <c>--dump DIR</c>: the GC pauses of the repetition (start, milliseconds, generation) and the
    /// bytes allocated per fire of the window by type, beside the fires, to set the late fires of a second against the
    /// pauses that held them.
    /// </summary>
    private void WriteGc(string directory, string impl, GcPauses gc, DateTimeOffset start, int fires)
    {
        File.WriteAllLines(Path.Combine(directory, $"{ScenarioName}-{impl}-{start:HHmmss}-gc.csv"),
            ["start_utc,pause_ms,generation", .. gc.Pauses.Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Start:HH:mm:ss.fff},{p.Ms:0.00},{p.Generation}"))]);
        File.WriteAllLines(Path.Combine(directory, $"{ScenarioName}-{impl}-{start:HHmmss}-alloc.csv"),
            ["bytes_per_fire,type", .. gc.AllocatedByType.OrderByDescending(p => p.Value)
                .Select(p => string.Create(CultureInfo.InvariantCulture, $"{p.Value / (double)fires:0.0},\"{p.Key}\""))]);
    }

    /// <summary>
    /// <c>--dump DIR</c>: every fire of the window as CSV (trigger, scheduled instant, lateness), one file per repetition,
    /// to see whether late fires cluster in some seconds (a stalled loop) or trail every second (throughput).
    /// </summary>
    private void WriteFires(string directory, string impl, LatencyProbe probe, DateTimeOffset start, DateTimeOffset end)
    {
        Directory.CreateDirectory(directory);
        var lines = new List<string> { "trigger,scheduled_utc,lateness_ms" };
        foreach (var fire in probe.Fires)
        {
            if (fire.ScheduledTicks >= start.UtcTicks && fire.ScheduledTicks < end.UtcTicks)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture,
                    $"{fire.TriggerKey},{new DateTimeOffset(fire.ScheduledTicks, TimeSpan.Zero):HH:mm:ss},{(fire.StartedTicks - fire.ScheduledTicks) / (double)TimeSpan.TicksPerMillisecond:0.0}"));
            }
        }
        File.WriteAllLines(Path.Combine(directory, $"{ScenarioName}-{impl}-{start:HHmmss}.csv"), lines);
    }
}
