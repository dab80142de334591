using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;
using Kairos.Host.Catalog;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// reload (a plugin replaced) and script (a .csx edited) in a running embedded host with its real plugin or script
/// source (default watch settings). For each change: file in place → new version published in the catalog, and →
/// first fire of the new version (per-second triggers staggered by 50 ms, added at start; a run record whose version is the new one). After 10 and
/// after all changes: loaded assemblies and RSS after a full GC. Quartz.NET has no hot reload: Kairos only.
/// </summary>
internal sealed class ReloadScenario(string kind, BenchOptions options, Report report)
{
    public const string PluginName = "reload";
    public const string ScriptName = "script";

    private bool IsPlugin => kind == PluginName;

    private string JobId => IsPlugin ? "bench.plugin" : "bench.script";

    /// <summary>Changes whose first fire is timed (each waits for the fire; the rest wait only for the new version to load).</summary>
    private int Timed => options.Int("timed", IsPlugin ? 50 : 30, 4);

    private int Changes => Math.Max(Timed, options.Int("changes", IsPlugin ? 200 : 100, 12));

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan FastPeriod = TimeSpan.FromMilliseconds(50);

    public async Task RunAsync()
    {
        if (RepoPaths.Missing() is { } missing)
        {
            Console.Error.WriteLine($"{kind}: not available: {missing}");
            report.AddUnavailable(kind, missing);
            return;
        }
        // The jobs print marker lines (for cold starts); keep them out of this process's JSON output.
        var stdout = Console.Out;
        Console.SetOut(TextWriter.Null);
        Measurement m;
        try
        {
            m = await RunOnceAsync().ConfigureAwait(false);
        }
        finally
        {
            Console.SetOut(stdout);
        }
        report.AddResults(kind, new Dictionary<string, List<Measurement>> { ["kairos"] = [m] }, new JsonObject
        {
            ["changes"] = Changes,
            ["timed_first_fire"] = Timed,
            ["deploy"] = IsPlugin ? "v1 and v2 builds alternate; each file written beside and renamed over" : ".csx rewritten (temp file renamed over) with a new revision",
            ["trigger"] = $"the job's per-second cron and per-second interval triggers staggered by {FastPeriod.TotalMilliseconds:0} ms, added through the trigger API: a new version's first fire comes at most that long after it loads",
        });
    }

    private async Task<Measurement> RunOnceAsync()
    {
        var published = new ConcurrentQueue<(string Version, long Timestamp)>();
        string? contentDir = null;
        await using var kairos = await KairosInstance.StartAsync(options.Threads, _ => { }, configure: (o, dir) =>
        {
            contentDir = Directory.CreateDirectory(Path.Combine(dir, IsPlugin ? "plugins" : "scripts")).FullName;
            if (IsPlugin)
            {
                RepoPaths.DeployPlugin(1, contentDir);
                o.PluginsPath = contentDir;
            }
            else
            {
                File.WriteAllText(Path.Combine(contentDir, "bench.csx"), Script(0));
                o.ScriptsPath = contentDir;
            }
        }).ConfigureAwait(false);
        var catalog = kairos.Services.GetRequiredService<JobCatalog>();
        catalog.Changed += change =>
        {
            foreach (var handler in change.Published.Where(h => h.Definition.Id == JobId))
            {
                published.Enqueue((handler.Version, Stopwatch.GetTimestamp()));
            }
        };
        var current = await WaitForHandlerAsync(catalog).ConfigureAwait(false);
        // Per-second interval triggers staggered by FastPeriod (the shortest interval is a second), so the job fires
        // every FastPeriod and the first fire of a new version measures the reload, not the wait for a next second.
        var phase = DateTimeOffset.UtcNow.AddSeconds(1);
        var staggered = Enumerable.Range(0, (int)(TimeSpan.FromSeconds(1) / FastPeriod))
            .Select(i => TriggerSpec.Interval("fast-" + i, TimeSpan.FromSeconds(1)) with { StartUtc = phase + i * FastPeriod })
            .ToList();
        await kairos.TriggersOf(JobId).UpsertManyAsync(staggered, CancellationToken.None).ConfigureAwait(false);
        // The staggered triggers start a second from now: the first change waits for their first fire, so its figure too
        // is the reload's, not the wait for them to start (it was the p99 of the timed changes: 0.5-0.8 s).
        await WaitForRunAsync(kairos, r => r.TriggerKey.StartsWith("fast-", StringComparison.Ordinal), "its staggered triggers did not fire").ConfigureAwait(false);

        var publishMs = new List<double>();
        var fireMs = new List<double>();
        var m = new Measurement();
        for (var change = 1; change <= Changes; change++)
        {
            published.Clear();
            var inPlaceUtc = Apply(contentDir!, change);
            var inPlace = Stopwatch.GetTimestamp();
            var version = await WaitForNewVersionAsync(published, current).ConfigureAwait(false);
            publishMs.Add(Stopwatch.GetElapsedTime(inPlace, version.Timestamp).TotalMilliseconds);
            current = version.Version;
            if (change <= Timed)
            {
                fireMs.Add(await WaitForFirstFireAsync(kairos, current, inPlaceUtc).ConfigureAwait(false));
            }
            if (change == 10 || change == Changes)
            {
                // Let the old versions drain and unload before counting.
                await Task.Delay(1500).ConfigureAwait(false);
                ProcessStats.FullGc();
                ProcessStats.FullGc();
                m[$"assemblies_after_{(change == 10 ? "10" : "all")}"] = AppDomain.CurrentDomain.GetAssemblies().Length;
                m[$"rss_mb_after_{(change == 10 ? "10" : "all")}"] = ProcessStats.Rss() / (1024.0 * 1024);
                m[$"heap_mb_after_{(change == 10 ? "10" : "all")}"] = ProcessStats.Heap() / (1024.0 * 1024);
            }
        }
        var publishSorted = publishMs.Order().ToArray();
        var fireSorted = fireMs.Order().ToArray();
        m["publish_p50_ms"] = Summary.Percentile(publishSorted, 50);
        m["publish_p99_ms"] = Summary.Percentile(publishSorted, 99);
        m["first_fire_p50_ms"] = Summary.Percentile(fireSorted, 50);
        m["first_fire_p99_ms"] = Summary.Percentile(fireSorted, 99);
        m["changes"] = Changes;
        return m;
    }

    /// <summary>Puts change number <paramref name="change"/> in place; returns the instant it was complete.</summary>
    private DateTimeOffset Apply(string contentDir, int change)
    {
        if (IsPlugin)
        {
            var source = RepoPaths.PluginBuild(change % 2 == 0 ? 1 : 2);
            var target = Path.Combine(contentDir, "BenchPlugin");
            foreach (var file in Directory.GetFiles(source))
            {
                var temp = Path.Combine(target, "." + Path.GetFileName(file) + ".new");
                File.Copy(file, temp, overwrite: true);
                File.Move(temp, Path.Combine(target, Path.GetFileName(file)), overwrite: true);
            }
        }
        else
        {
            var path = Path.Combine(contentDir, "bench.csx");
            var temp = Path.Combine(contentDir, ".bench.csx.new");
            File.WriteAllText(temp, Script(change));
            File.Move(temp, path, overwrite: true);
        }
        return DateTimeOffset.UtcNow;
    }

    private static string Script(int revision) => File.ReadAllText(RepoPaths.Script)
        .Replace("cron = 0 0 0 1 1 *", "cron = * * * * * *", StringComparison.Ordinal)
        .Replace("REVISION", revision.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);

    private async Task<string> WaitForHandlerAsync(JobCatalog catalog)
    {
        var clock = Stopwatch.StartNew();
        while (!catalog.Current.Handlers.ContainsKey(JobId))
        {
            if (clock.Elapsed > Timeout)
            {
                throw new InvalidOperationException($"{kind}: job '{JobId}' was not loaded within {Timeout.TotalSeconds:0} s; problems: "
                    + string.Join("; ", catalog.Current.Problems.Select(p => p.Message)));
            }
            await Task.Delay(10).ConfigureAwait(false);
        }
        return catalog.Current.Handlers[JobId].Version;
    }

    private async Task<(string Version, long Timestamp)> WaitForNewVersionAsync(ConcurrentQueue<(string Version, long Timestamp)> published, string old)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            foreach (var entry in published)
            {
                if (entry.Version != old)
                {
                    return entry;
                }
            }
            if (clock.Elapsed > Timeout)
            {
                throw new InvalidOperationException($"{kind}: no new version of '{JobId}' loaded within {Timeout.TotalSeconds:0} s");
            }
            await Task.Delay(2).ConfigureAwait(false);
        }
    }

    private async Task<double> WaitForFirstFireAsync(KairosInstance kairos, string version, DateTimeOffset inPlaceUtc)
    {
        var run = await WaitForRunAsync(kairos, r => r.Version == version && r.StartedUtc >= inPlaceUtc, $"version {version} did not fire").ConfigureAwait(false);
        return (run.StartedUtc!.Value - inPlaceUtc).TotalMilliseconds;
    }

    /// <summary>The newest of the job's 10 newest runs that <paramref name="matches"/>, polled every 20 ms up to <see cref="Timeout"/>.</summary>
    private async Task<RunRecord> WaitForRunAsync(KairosInstance kairos, Func<RunRecord, bool> matches, string failure)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Timeout)
        {
            if (kairos.Runs.Query(JobId, null, 10).FirstOrDefault(matches) is { } run)
            {
                return run;
            }
            await Task.Delay(20).ConfigureAwait(false);
        }
        throw new InvalidOperationException($"{kind}: '{JobId}': {failure} within {Timeout.TotalSeconds:0} s");
    }
}
