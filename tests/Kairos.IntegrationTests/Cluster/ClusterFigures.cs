using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>Checks and figures over run records: exactly one attempt-1 record per scheduled fire, lateness percentiles.</summary>
internal static class ClusterFigures
{
    /// <summary>
    /// Asserts that each trigger's fires from <paramref name="first"/> to the trigger's last fire, every second, have
    /// exactly one first-attempt record. Returns the number of fires checked.
    /// </summary>
    public static int AssertEverySecondExactlyOnce(IReadOnlyList<RunRecord> runs, IEnumerable<StoredTrigger> triggers, DateTimeOffset first)
    {
        var byFire = runs.Where(r => r.Attempt == 1).GroupBy(r => (r.TriggerKey, r.ScheduledUtc)).ToDictionary(g => g.Key, g => g.Count());
        var doubled = byFire.Where(kv => kv.Value > 1).Select(kv => $"{kv.Key.TriggerKey}@{kv.Key.ScheduledUtc:HH:mm:ss.fff} x{kv.Value}").ToList();
        Assert.True(doubled.Count == 0, $"{doubled.Count} fire(s) have more than one record: {string.Join(", ", doubled.Take(20))}");
        var missing = new List<string>();
        var checkedFires = 0;
        foreach (var trigger in triggers)
        {
            Assert.NotNull(trigger.LastFireUtc);
            for (var at = first; at <= trigger.LastFireUtc; at = at.AddSeconds(1))
            {
                checkedFires++;
                if (!byFire.ContainsKey((trigger.Spec.Key, at)))
                {
                    missing.Add($"{trigger.Spec.Key}@{at:HH:mm:ss}");
                }
            }
        }
        Assert.True(missing.Count == 0, $"{missing.Count} fire(s) have no record: {string.Join(", ", missing.Take(20))}");
        var strays = byFire.Keys.Count(k => k.ScheduledUtc < first);
        Assert.Equal(0, strays);
        return checkedFires;
    }

    /// <summary>
    /// Asserts that every run succeeded; a failure lists, for each run that did not, the runs of its concurrency key
    /// scheduled in the ten seconds before it (node, start and end to the millisecond), which show why it was skipped
    /// or interrupted.
    /// </summary>
    public static void AssertAllSucceeded(IReadOnlyList<RunRecord> runs)
    {
        var others = runs.Where(r => r.Status != RunStatus.Succeeded).ToList();
        if (others.Count == 0)
        {
            return;
        }
        var byKey = runs.ToLookup(r => r.ConcurrencyKey);
        var lines = others.Take(5).Select(run =>
            $"{Describe(run)}: {run.ErrorMessage}\n" + string.Join("\n", byKey[run.ConcurrencyKey]
                .Where(r => r.ScheduledUtc < run.ScheduledUtc && r.ScheduledUtc >= run.ScheduledUtc.AddSeconds(-10))
                .OrderBy(r => r.ScheduledUtc).Select(r => "    before it: " + Describe(r))));
        Assert.Fail($"{others.Count} of {runs.Count} runs did not succeed:\n{string.Join("\n", lines)}");
    }

    private static string Describe(RunRecord r) =>
        $"{r.ConcurrencyKey}@{r.ScheduledUtc:HH:mm:ss.fff} {r.Status} on {r.Node ?? "-"}, started {r.StartedUtc:HH:mm:ss.fff}, ended {r.EndedUtc:HH:mm:ss.fff}";

    /// <summary>Start lateness (started minus scheduled) in milliseconds: p50, p99, max.</summary>
    public static (double P50, double P99, double Max) Lateness(IEnumerable<RunRecord> runs) =>
        Percentiles(runs.Where(r => r.StartedUtc is not null && r.Attempt == 1).Select(r => (r.StartedUtc!.Value - r.ScheduledUtc).TotalMilliseconds));

    /// <summary>
    /// From a run's start written in the store to its code's return (ended minus started) in milliseconds: p50, p99,
    /// max. The cluster jobs return at once, so this is how far a host's execution lagged behind its starts.
    /// </summary>
    public static (double P50, double P99, double Max) Held(IEnumerable<RunRecord> runs) =>
        Percentiles(runs.Where(r => r.StartedUtc is not null && r.EndedUtc is not null).Select(r => (r.EndedUtc!.Value - r.StartedUtc!.Value).TotalMilliseconds));

    private static (double P50, double P99, double Max) Percentiles(IEnumerable<double> values)
    {
        var late = values.Order().ToList();
        if (late.Count == 0)
        {
            return (double.NaN, double.NaN, double.NaN);
        }
        return (late[late.Count / 2], late[Math.Min(late.Count - 1, (int)(late.Count * 0.99))], late[^1]);
    }
}
