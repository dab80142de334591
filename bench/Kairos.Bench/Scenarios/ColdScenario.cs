using System.Diagnostics;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Kairos.Host.Scheduling.Triggers;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Quartz;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// cold: a fresh process from launch to the first job body, measured from outside (the job prints a marker line on
/// stdout), plus the process's peak RSS at that moment. Kairos is the real <c>kairos run</c> (Release build) with a
/// one-shot fire already due in its store: a plugin job, a script job whose compile cache is warm, and one whose cache
/// is empty. Quartz is a process that builds a RAMJobStore scheduler and schedules a job to start now.
/// </summary>
internal sealed class ColdScenario(BenchOptions options, Report report)
{
    public const string Name = "cold";
    public const string ChildCommand = "cold-child";

    private TimeSpan Timeout => TimeSpan.FromSeconds(options.Int("timeout", 90));

    public async Task RunAsync()
    {
        if (RepoPaths.Missing() is { } missing)
        {
            Console.Error.WriteLine($"{Name}: not available: {missing}");
            report.AddUnavailable(Name, missing);
            return;
        }
        var warmDir = BenchPaths.NewTempDir("cold-warm");
        try
        {
            // Fills the warm directory's script compile cache.
            await KairosOnceAsync("script", warmDir).ConfigureAwait(false);
            var contenders = new List<Contender>
            {
                new("kairos-plugin", _ => KairosOnceAsync("plugin", null)),
                new("kairos-script-warm", _ => KairosOnceAsync("script", warmDir)),
                new("kairos-script-cold", _ => KairosOnceAsync("script", null)),
                new("quartz-ram", _ => QuartzOnceAsync()),
            };
            var results = await Alternation.RunAsync(contenders, options.Warmups(), options.Reps(5), Console.Error.WriteLine).ConfigureAwait(false);
            report.AddResults(Name, results, new JsonObject
            {
                ["kairos"] = "kairos run (Release apphost), a one-shot fire due in its store at launch; control API on, default options",
                ["quartz"] = "this bench's apphost: QuartzSchedulerBuilder, RAMJobStore, one job with StartNow",
            });
            foreach (var kairos in contenders.Take(3))
            {
                report.AddRatio(Name, kairos.Name, "quartz-ram");
            }
        }
        finally
        {
            BenchPaths.TryDelete(warmDir);
        }
    }

    private async Task<Measurement> KairosOnceAsync(string kind, string? reuse)
    {
        var dir = reuse ?? BenchPaths.NewTempDir("cold");
        try
        {
            var plugins = Directory.CreateDirectory(Path.Combine(dir, "plugins")).FullName;
            var scripts = Directory.CreateDirectory(Path.Combine(dir, "scripts")).FullName;
            var db = Path.Combine(dir, "kairos.db");
            string jobId;
            if (kind == "plugin")
            {
                RepoPaths.DeployPlugin(1, plugins);
                jobId = "bench.plugin";
            }
            else
            {
                File.Copy(RepoPaths.Script, Path.Combine(scripts, "bench-cold.csx"), overwrite: true);
                jobId = "bench.script";
            }
            SeedDueFire(db, jobId);
            var start = new ProcessStartInfo(RepoPaths.Host) { WorkingDirectory = dir };
            // The host is killed once its first job body ran, with that run in flight, every repetition on the same
            // store (warm cache): that is a crash loop to the host's guard, which pauses the job after two deaths
            // (Kairos:HostDeathLimit). The measurement is the start, not the guard: lift it.
            start.Environment["KAIROS_HostDeathLimit"] = "1000000";
            foreach (var arg in new[] { "run", "--plugins", plugins, "--scripts", scripts, "--db", db })
            {
                start.ArgumentList.Add(arg);
            }
            var result = await MarkerProcess.RunAsync(start, Timeout).ConfigureAwait(false);
            return new Measurement { ["first_fire_ms"] = result.FirstFireMs, ["peak_rss_mb"] = result.PeakRssMb };
        }
        finally
        {
            if (reuse is null)
            {
                BenchPaths.TryDelete(dir);
            }
        }
    }

    private async Task<Measurement> QuartzOnceAsync()
    {
        var result = await MarkerProcess.RunAsync(MarkerProcess.Self(ChildCommand), Timeout).ConfigureAwait(false);
        return new Measurement { ["first_fire_ms"] = result.FirstFireMs, ["peak_rss_mb"] = result.PeakRssMb };
    }

    /// <summary>A one-shot fire of <paramref name="jobId"/> due now, written the way the trigger API writes it.</summary>
    private static void SeedDueFire(string db, string jobId)
    {
        using var store = new LiteDbStore(db);
        var spec = TriggerNormalizer.Normalize(TriggerSpec.Once("cold", DateTimeOffset.UtcNow));
        store.UpsertTrigger(new StoredTrigger
        {
            Id = StoredTrigger.MakeId(jobId, spec.Key),
            JobId = jobId,
            Spec = spec,
            Origin = TriggerOrigin.Dynamic,
            NextFireUtc = spec.RunAtUtc,
        });
    }

    /// <summary>The Quartz process: a RAMJobStore scheduler whose only job starts now and prints the marker.</summary>
    public static async Task<int> RunChildAsync()
    {
        var scheduler = await QuartzSchedulerBuilder.Create(q => q.UseDefaultThreadPool(10).UseInMemoryStore()).BuildScheduler().ConfigureAwait(false);
        var job = JobBuilder.Create<ColdQuartzJob>().WithIdentity("cold").Build();
        await scheduler.ScheduleJob(job, TriggerBuilder.Create().ForJob(job).StartNow().Build()).ConfigureAwait(false);
        await scheduler.Start().ConfigureAwait(false);
        await Task.Delay(System.Threading.Timeout.Infinite).ConfigureAwait(false);
        return 0;
    }
}

internal sealed class ColdQuartzJob : Quartz.IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        Console.WriteLine($"{MarkerProcess.Marker} quartz");
        return ValueTask.CompletedTask;
    }
}
