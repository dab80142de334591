using System.Diagnostics;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// burst: N one-shot fires due now, scheduled in one batch call on both sides (<c>burst-single</c>: one awaited call
/// per fire). Wall time from the first schedule call until the N-th job body ran; then the
/// scheduler is stopped (running jobs finish and are recorded) and Kairos's run records are counted;
/// <c>persisted_per_s</c> is fires/s until that stop ended, every record written. <c>burst-pg</c>
/// runs the same on PostgreSQL: Kairos hosts against clustered Quartz schedulers, per host count, work scheduled
/// through the first host.
/// </summary>
/// <remarks>
/// With <c>--drain N</c> (on by default in <c>burst-pg</c>) each repetition goes on with a second phase that leaves
/// scheduling out: N more one-shot fires are stored while nothing may fire them (Kairos: the job paused; Quartz: every
/// scheduler in standby, the triggers stored in one <c>ScheduleJobs</c> call), then released (Kairos: resume; Quartz:
/// start), and <c>drain_per_s</c> is fires/s from the release to the N-th job body.
/// </remarks>
/// <remarks>
/// <c>burst-listener</c> runs the burst on Kairos alone, without a listener and with one no-op
/// <see cref="ISchedulerListener"/> registered, and prints their ratio: what telling listeners about every run costs.
/// </remarks>
internal sealed class BurstScenario(BenchOptions options, Report report, BenchPostgres? postgres = null, bool oneByOne = false, bool listener = false)
{
    public const string Name = "burst";

    public const string OneByOneName = "burst-single";

    public const string PostgresName = "burst-pg";

    public const string ListenerName = "burst-listener";

    private string ScenarioName => postgres is not null ? PostgresName : oneByOne ? OneByOneName : listener ? ListenerName : Name;

    private int Fires => options.Int("fires", postgres is null ? 20_000 : 5_000, postgres is null ? 1_000 : 300);

    /// <summary>Each repetition is cut off after this long; fires/s is then over the fires that ran (and a note says so).</summary>
    private TimeSpan Cap => TimeSpan.FromSeconds(options.Int("cap", 30, 30));

    /// <summary>Fires of the second phase (stored, then released); 0 leaves it out.</summary>
    private int Drain => options.Int("drain", postgres is null ? 0 : Fires, postgres is null ? 0 : 300);

    public Task RunAsync()
    {
        var lineup = postgres is not null ? Lineup.Postgres(options.HostCounts()) : listener ? Lineup.Listener() : Lineup.Local(options.Stores(), options.Telemetry);
        var settings = new JsonObject
        {
            ["fires"] = Fires, ["drain"] = Drain, ["threads"] = options.Threads, ["cap_seconds"] = Cap.TotalSeconds,
            ["scheduling"] = oneByOne ? "one call per fire, each awaited" : "one batch call (Kairos UpsertManyAsync, Quartz ScheduleJobs)",
        };
        if (postgres is not null)
        {
            settings["postgres"] = BenchPostgres.Settings;
        }
        return lineup.RunAsync(ScenarioName, RunOnceAsync, options, 3, report, settings);
    }

    private Task<Measurement> RunOnceAsync(Entrant entrant, bool warmup) =>
        entrant.IsKairos ? KairosOnceAsync(entrant, warmup) : QuartzOnceAsync(entrant, warmup);


    /// <summary>
    /// A warm-up runs the measured sizes, cut off at half the cap: a smaller one left the code that only a burst of this
    /// size reaches (index walks over 20,000 entries, full claim and record batches, a grown heap) to the JIT and the
    /// GC during the first repetition, on both sides. Measured 2026-12-03 with a 1,000-fire warm-up, Kairos's first of
    /// 7 repetitions ran at 3,347 fires/s and the other six at 5,118–6,046.
    /// </summary>
    private TimeSpan CapFor(bool warmup) => warmup ? Cap / 2 : Cap;

    private BenchDatabase? DatabaseFor(Entrant entrant) =>
        entrant.OnPostgres ? postgres!.CreateDatabase(entrant.IsKairos ? "kairos_burst" : "quartz_burst") : null;

    private async Task<Measurement> KairosOnceAsync(Entrant entrant, bool warmup)
    {
        var n = Fires;
        var probe = new CountdownProbe(n);
        using var database = DatabaseFor(entrant);
        using var telemetry = entrant.Telemetry ? new TelemetryListener() : null;
        await using var kairos = await KairosCluster.StartAsync(
            entrant.Hosts, database?.ConnectionString, options.Threads, b => b.AddJob<KairosBurstJob>(), s =>
            {
                s.AddSingleton(probe);
                if (entrant.Listener)
                {
                    s.AddSingleton<ISchedulerListener, NoOpListener>();
                }
            }).ConfigureAwait(false);
        var triggers = kairos.TriggersOf(KairosBurstJob.Id);
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        if (oneByOne)
        {
            for (var i = 0; i < n && clock.Elapsed < CapFor(warmup); i++)
            {
                await triggers.UpsertAsync(TriggerSpec.Once("b" + i, now), CancellationToken.None).ConfigureAwait(false);
            }
        }
        else
        {
            await triggers.UpsertManyAsync([.. Enumerable.Range(0, n).Select(i => TriggerSpec.Once("b" + i, now))], CancellationToken.None).ConfigureAwait(false);
        }
        var scheduled = clock.Elapsed;
        var m = await WaitAsync(probe, n, clock, scheduled, CapFor(warmup)).ConfigureAwait(false);
        var extra = Math.Max(0, probe.Count - n);
        var drain = Drain;
        if (drain > 0)
        {
            probe.Restart(drain, "d");
            var operations = kairos.Operations;
            operations.Pause(KairosBurstJob.Id, "bench: storing the drain phase's fires");
            var due = DateTimeOffset.UtcNow;
            await triggers.UpsertManyAsync([.. Enumerable.Range(0, drain).Select(i => TriggerSpec.Once("d" + i, due))], CancellationToken.None).ConfigureAwait(false);
            var released = Stopwatch.GetTimestamp();
            operations.Resume(KairosBurstJob.Id);
            await DrainAsync(probe, drain, released, CapFor(warmup), m).ConfigureAwait(false);
            extra += Math.Max(0, probe.Count - drain);
        }
        var fired = Stopwatch.StartNew();
        await kairos.StopAsync().ConfigureAwait(false);
        m["stop_ms"] = fired.Elapsed.TotalMilliseconds;
        Persisted(m);
        m["extra_fires"] = extra;
        var succeeded = kairos.Runs.Query(KairosBurstJob.Id, RunStatus.Succeeded, int.MaxValue);
        m["records_succeeded"] = succeeded.Count;
        if (entrant.Hosts > 1 && succeeded.Count > 0)
        {
            m["busiest_host_pct"] = 100.0 * succeeded.CountBy(r => r.Node ?? "?").Max(g => g.Value) / succeeded.Count;
        }
        m.Notes["history"] = $"one {(entrant.OnPostgres ? "PostgreSQL" : "LiteDB")} run record per fire (pending → running → succeeded)";
        if (telemetry is not null)
        {
            m["telemetry_spans"] = telemetry.Spans;
            m["telemetry_measurements"] = telemetry.Measurements;
        }
        return m;
    }

    private async Task<Measurement> QuartzOnceAsync(Entrant entrant, bool warmup)
    {
        var n = Fires;
        var probe = new CountdownProbe(n);
        using var database = DatabaseFor(entrant);
        await using var quartz = await QuartzCluster.StartAsync(
            entrant.QuartzStore, entrant.Hosts, database?.ConnectionString, options.Threads, () => new QuartzBurstJob(probe)).ConfigureAwait(false);
        var job = JobBuilder.Create<QuartzBurstJob>().WithIdentity("burst").StoreDurably().Build();
        await quartz.First.AddJob(job).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        if (oneByOne)
        {
            for (var i = 0; i < n && clock.Elapsed < CapFor(warmup); i++)
            {
                await quartz.First.ScheduleJob(TriggerBuilder.Create().WithIdentity("b" + i).ForJob(job.Key).StartNow().Build()).ConfigureAwait(false);
            }
        }
        else
        {
            var all = Enumerable.Range(0, n).Select(i => TriggerBuilder.Create().WithIdentity("b" + i).ForJob(job.Key).StartNow().Build()).ToList();
            await quartz.First.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = all }, ScheduleJobOptions.Replacing).ConfigureAwait(false);
        }
        var scheduled = clock.Elapsed;
        var m = await WaitAsync(probe, n, clock, scheduled, CapFor(warmup)).ConfigureAwait(false);
        var extra = Math.Max(0, probe.Count - n);
        var drain = Drain;
        if (drain > 0)
        {
            probe.Restart(drain, "d");
            await quartz.StandbyAsync().ConfigureAwait(false);
            var batch = Enumerable.Range(0, drain).Select(i => TriggerBuilder.Create().WithIdentity("d" + i).ForJob(job.Key).StartNow().Build()).ToList();
            await quartz.First.ScheduleJobs(new Dictionary<IJobDetail, IReadOnlyCollection<ITrigger>> { [job] = batch }, ScheduleJobOptions.Replacing).ConfigureAwait(false);
            var released = Stopwatch.GetTimestamp();
            await quartz.StartAsync().ConfigureAwait(false);
            await DrainAsync(probe, drain, released, CapFor(warmup), m).ConfigureAwait(false);
            extra += Math.Max(0, probe.Count - drain);
        }
        var fired = Stopwatch.StartNew();
        await quartz.StopAsync().ConfigureAwait(false);
        m["stop_ms"] = fired.Elapsed.TotalMilliseconds;
        Persisted(m);
        m["extra_fires"] = extra;
        m.Notes["history"] = entrant.QuartzStore == QuartzStore.Ram ? "none (in memory, nothing persisted)" : "trigger rows only (no execution history table)";
        return m;
    }

    /// <summary>
    /// Fires per second until the scheduler has stopped, so until every record is written where the scheduler keeps
    /// them (a clean stop flushes what was written behind): the rate of the whole work, where fires_per_s counts job
    /// bodies only. Over the burst phase, so without a drain phase.
    /// </summary>
    private static void Persisted(Measurement m)
    {
        if (m.TryGetValue("fires_completed", out var fires) && m.TryGetValue("wall_ms", out var wall) && m.TryGetValue("stop_ms", out var stop)
            && !m.TryGetValue("drain_ms", out _))
        {
            m["persisted_per_s"] = fires / ((wall + stop) / 1000);
        }
    }

    private static async Task DrainAsync(CountdownProbe probe, int n, long released, TimeSpan cap, Measurement m)
    {
        try
        {
            await probe.Done.WaitAsync(cap).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            m.Notes["drain_cut_off"] = $"the drain phase did not finish within the {cap.TotalSeconds:0} s cap; drain_per_s is over the fires that ran";
        }
        var wall = Stopwatch.GetElapsedTime(released);
        if (probe.FirstHitTimestamp is var first and > 0)
        {
            // How long the release took to reach a first job body: claiming, before anything starts.
            m["drain_first_fire_ms"] = Stopwatch.GetElapsedTime(released, first).TotalMilliseconds;
        }
        m["drain_per_s"] = Math.Min(probe.Count, n) / wall.TotalSeconds;
        m["drain_completed"] = Math.Min(probe.Count, n);
        m["drain_ms"] = wall.TotalMilliseconds;
    }

    private static async Task<Measurement> WaitAsync(CountdownProbe probe, int n, Stopwatch clock, TimeSpan scheduled, TimeSpan cap)
    {
        var m = new Measurement();
        var left = cap - clock.Elapsed;
        try
        {
            await probe.Done.WaitAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            m.Notes["cut_off"] = $"did not finish within the {cap.TotalSeconds:0} s cap (completed fires: see fires_completed); fires/s is over the fires that ran";
        }
        var wall = clock.Elapsed;
        m["fires_per_s"] = Math.Min(probe.Count, n) / wall.TotalSeconds;
        m["fires_completed"] = Math.Min(probe.Count, n);
        m["wall_ms"] = wall.TotalMilliseconds;
        m["schedule_ms"] = scheduled.TotalMilliseconds;
        return m;
    }

    /// <summary>A listener that does nothing: the cost measured is the engine's, not the listener's.</summary>
    private sealed class NoOpListener : ISchedulerListener
    {
    }
}
