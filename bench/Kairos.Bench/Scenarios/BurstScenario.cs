using System.Diagnostics;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Kairos.Host.Storage;
using Microsoft.Extensions.DependencyInjection;
using Quartz;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// burst: N one-shot fires due now. Wall time from the first schedule call until the N-th job body ran; then the
/// scheduler is stopped (running jobs finish and are recorded) and Kairos's run records are counted.
/// </summary>
internal sealed class BurstScenario(BenchOptions options, Report report)
{
    public const string Name = "burst";

    private int Fires => options.Int("fires", 20_000, 1_000);

    /// <summary>Each repetition is cut off after this long; fires/s is then over the fires that ran (and a note says so).</summary>
    private TimeSpan Cap => TimeSpan.FromSeconds(options.Int("cap", 30, 30));

    public async Task RunAsync()
    {
        var contenders = new List<Contender> { new("kairos", KairosOnceAsync) };
        foreach (var store in options.Stores())
        {
            var kind = store == "ram" ? QuartzStore.Ram : QuartzStore.Sqlite;
            contenders.Add(new Contender(QuartzInstance.Name(kind), warmup => QuartzOnceAsync(kind, warmup)));
        }
        var results = await Alternation.RunAsync(contenders, options.Warmups(), options.Reps(2), Console.Error.WriteLine).ConfigureAwait(false);
        report.AddResults(Name, results, new JsonObject { ["fires"] = Fires, ["threads"] = options.Threads, ["cap_seconds"] = Cap.TotalSeconds });
        foreach (var other in contenders.Skip(1))
        {
            report.AddRatio(Name, "kairos", other.Name);
        }
    }

    private int SizeFor(bool warmup) => warmup ? Math.Clamp(Fires / 10, Math.Min(100, Fires), 1000) : Fires;

    private TimeSpan CapFor(bool warmup) => warmup ? Cap / 2 : Cap;

    private async Task<Measurement> KairosOnceAsync(bool warmup)
    {
        var n = SizeFor(warmup);
        var probe = new CountdownProbe(n);
        await using var kairos = await KairosInstance.StartAsync(options.Threads, b => b.AddJob<KairosBurstJob>(), s => s.AddSingleton(probe)).ConfigureAwait(false);
        var triggers = kairos.TriggersOf(KairosBurstJob.Id);
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n && clock.Elapsed < CapFor(warmup); i++)
        {
            await triggers.UpsertAsync(TriggerSpec.Once("b" + i, now), CancellationToken.None).ConfigureAwait(false);
        }
        var scheduled = clock.Elapsed;
        var m = await WaitAsync(probe, n, clock, scheduled, CapFor(warmup)).ConfigureAwait(false);
        var fired = clock.Elapsed;
        await kairos.StopAsync().ConfigureAwait(false);
        m["stop_ms"] = (clock.Elapsed - fired).TotalMilliseconds;
        var succeeded = kairos.Runs.Query(KairosBurstJob.Id, RunStatus.Succeeded, int.MaxValue).Count;
        m["records_succeeded"] = succeeded;
        m.Notes["history"] = "one LiteDB run record per fire (pending → running → succeeded)";
        return m;
    }

    private async Task<Measurement> QuartzOnceAsync(QuartzStore store, bool warmup)
    {
        var n = SizeFor(warmup);
        var probe = new CountdownProbe(n);
        await using var quartz = await QuartzInstance.StartAsync(store, options.Threads, () => new QuartzBurstJob(probe)).ConfigureAwait(false);
        var job = JobBuilder.Create<QuartzBurstJob>().WithIdentity("burst").StoreDurably().Build();
        await quartz.Scheduler.AddJob(job).ConfigureAwait(false);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < n && clock.Elapsed < CapFor(warmup); i++)
        {
            await quartz.Scheduler.ScheduleJob(TriggerBuilder.Create().WithIdentity("b" + i).ForJob(job.Key).StartNow().Build()).ConfigureAwait(false);
        }
        var scheduled = clock.Elapsed;
        var m = await WaitAsync(probe, n, clock, scheduled, CapFor(warmup)).ConfigureAwait(false);
        var fired = clock.Elapsed;
        await quartz.StopAsync().ConfigureAwait(false);
        m["stop_ms"] = (clock.Elapsed - fired).TotalMilliseconds;
        m.Notes["history"] = store == QuartzStore.Ram ? "none (in memory, nothing persisted)" : "trigger rows only (no execution history table)";
        return m;
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
        m["fires_per_s"] = probe.Count / wall.TotalSeconds;
        m["fires_completed"] = probe.Count;
        m["wall_ms"] = wall.TotalMilliseconds;
        m["schedule_ms"] = scheduled.TotalMilliseconds;
        return m;
    }
}
