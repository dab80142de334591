using System.Diagnostics;
using System.Text.Json.Nodes;
using Kairos.Bench.Infrastructure;
using Kairos.Host.Scheduling.Cron;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// cron: next-occurrence computation over a mix of expressions and start instants (random ones across two years plus
/// ones next to the New York DST changes), in UTC and in America/New_York. Our adapter (<see cref="CronSchedule"/>),
/// Quartz's CronExpression and Cronos get the same inputs; ns/op and allocated bytes/op on one thread. Also counts
/// how often each disagrees with Cronos (the tests' oracle, docs/DESIGN.md §4), so a fast wrong answer shows as wrong.
/// </summary>
internal sealed class CronScenario(BenchOptions options, Report report)
{
    public const string Name = "cron";

    /// <summary>(NCrontab/Cronos 6-field, Quartz) spellings of the same schedules.</summary>
    private static readonly (string Unix, string Quartz)[] Expressions =
    [
        ("0 * * * * *", "0 * * * * ?"),
        ("*/15 * * * * *", "0/15 * * * * ?"),
        ("0 0 9 * * 1-5", "0 0 9 ? * MON-FRI"),
        ("0 30 2 * * *", "0 30 2 * * ?"),
        ("0 30 1 * * *", "0 30 1 * * ?"),
        ("0 0 0 1 * *", "0 0 0 1 * ?"),
        ("0 15 10 15 * *", "0 15 10 15 * ?"),
        ("0 0 12 * * 0", "0 0 12 ? * SUN"),
        ("0 */5 8-18 * * *", "0 0/5 8-18 * * ?"),
        ("0 0 */6 * * *", "0 0 0/6 * * ?"),
        ("30 45 23 * * 5", "30 45 23 ? * FRI"),
        ("0 0 1 1 1 *", "0 0 1 1 1 ?"),
    ];

    private static readonly string[] Zones = ["UTC", "America/New_York"];

    private int Ops => options.Int("ops", 200_000, 20_000);

    public async Task RunAsync()
    {
        var starts = Starts();
        foreach (var zoneId in Zones)
        {
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var kairos = Expressions.Select(e => CronSchedule.Parse(e.Unix, zoneId)).ToArray();
            var quartz = Expressions.Select(e => new Quartz.CronExpression(e.Quartz, zone)).ToArray();
            var cronos = Expressions.Select(e => Cronos.CronExpression.Parse(e.Unix, Cronos.CronFormat.IncludeSeconds)).ToArray();
            var startsOffset = starts.Select(s => new DateTimeOffset(s, TimeSpan.Zero)).ToArray();

            var (kairosWrong, quartzWrong, total) = Disagreements(kairos, quartz, cronos, zone, starts);
            var contenders = new List<Contender>
            {
                new("kairos", _ => Task.FromResult(Measure(i => kairos[i % kairos.Length].GetNextOccurrence(startsOffset[i / kairos.Length % startsOffset.Length])?.UtcTicks ?? 0))),
                new("quartz", _ => Task.FromResult(Measure(i => quartz[i % quartz.Length].GetNextValidTimeAfter(startsOffset[i / quartz.Length % startsOffset.Length])?.UtcTicks ?? 0))),
                new("cronos", _ => Task.FromResult(Measure(i => cronos[i % cronos.Length].GetNextOccurrence(starts[i / cronos.Length % starts.Length], zone)?.Ticks ?? 0))),
            };
            var results = await Alternation.RunAsync(contenders, options.Warmups(2), options.Reps(5), Console.Error.WriteLine).ConfigureAwait(false);
            foreach (var m in results["kairos"])
            {
                m.Notes["differs_from_cronos"] = $"{kairosWrong} of {total} (expression, start) pairs";
            }
            foreach (var m in results["quartz"])
            {
                m.Notes["differs_from_cronos"] = $"{quartzWrong} of {total} (expression, start) pairs";
            }
            var scenario = $"{Name} {zoneId}";
            report.AddResults(scenario, results, new JsonObject { ["ops"] = Ops, ["expressions"] = Expressions.Length, ["starts"] = starts.Length });
            report.AddRatio(scenario, "kairos", "quartz");
            report.AddRatio(scenario, "kairos", "cronos");
        }
    }

    private Measurement Measure(Func<int, long> next)
    {
        var ops = Ops;
        long sink = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < ops; i++)
        {
            sink ^= next(i);
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        GC.KeepAlive(sink);
        return new Measurement
        {
            ["ns_per_op"] = elapsed.TotalNanoseconds / ops,
            ["bytes_per_op"] = allocated / (double)ops,
        };
    }

    private static (int Kairos, int Quartz, int Total) Disagreements(
        CronSchedule[] kairos, Quartz.CronExpression[] quartz, Cronos.CronExpression[] cronos, TimeZoneInfo zone, DateTime[] starts)
    {
        int k = 0, q = 0, total = 0;
        for (var e = 0; e < kairos.Length; e++)
        {
            foreach (var start in starts)
            {
                var expected = cronos[e].GetNextOccurrence(start, zone)?.Ticks;
                var from = new DateTimeOffset(start, TimeSpan.Zero);
                k += kairos[e].GetNextOccurrence(from)?.UtcTicks == expected ? 0 : 1;
                q += quartz[e].GetNextValidTimeAfter(from)?.UtcTicks == expected ? 0 : 1;
                total++;
            }
        }
        return (k, q, total);
    }

    /// <summary>256 random instants in 2025–2026 (fixed seed) plus instants just before and inside New York's DST changes.</summary>
    private static DateTime[] Starts()
    {
        var random = new Random(42);
        var from = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var span = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc) - from;
        var starts = Enumerable.Range(0, 256)
            .Select(_ => from.AddSeconds(Math.Floor(random.NextDouble() * span.TotalSeconds)))
            .ToList();
        foreach (var change in new[] { new DateTime(2025, 3, 9, 7, 0, 0, DateTimeKind.Utc), new DateTime(2025, 11, 2, 6, 0, 0, DateTimeKind.Utc),
                     new DateTime(2026, 3, 8, 7, 0, 0, DateTimeKind.Utc), new DateTime(2026, 11, 1, 6, 0, 0, DateTimeKind.Utc) })
        {
            foreach (var minutes in new[] { -121, -61, -31, -1, 0, 29, 59 })
            {
                starts.Add(change.AddMinutes(minutes));
            }
        }
        return [.. starts];
    }
}
