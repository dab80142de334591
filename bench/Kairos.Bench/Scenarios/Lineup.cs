using Kairos.Bench.Harness;
using Kairos.Bench.Infrastructure;

namespace Kairos.Bench.Scenarios;

/// <summary>
/// One implementation under test: Kairos (LiteDB, or PostgreSQL when <paramref name="OnPostgres"/>) or Quartz.NET (on
/// <paramref name="QuartzStore"/>), with how many hosts or schedulers in its cluster; Kairos with one no-op
/// <see cref="ISchedulerListener"/> registered when <paramref name="Listener"/>; Kairos with a meter and an activity
/// listener attached (<see cref="TelemetryListener"/>) when <paramref name="Telemetry"/>.
/// </summary>
internal sealed record Entrant(string Name, bool IsKairos, bool OnPostgres, QuartzStore QuartzStore, int Hosts, bool Listener = false, bool Telemetry = false);

/// <summary>
/// The implementations a burst or latency run compares, and the ratios it prints: Kairos on LiteDB against Quartz's
/// in-memory and SQLite stores, or (the <c>-pg</c> scenarios) Kairos against clustered Quartz on one PostgreSQL server,
/// per host count.
/// </summary>
internal sealed class Lineup
{
    private Lineup(List<Entrant> entrants, List<(string Kairos, string Other)> ratios)
    {
        Entrants = entrants;
        Ratios = ratios;
    }

    public IReadOnlyList<Entrant> Entrants { get; }

    public IReadOnlyList<(string Kairos, string Other)> Ratios { get; }

    /// <summary>
    /// Kairos on LiteDB against Quartz on <paramref name="quartzStores"/>; with <paramref name="telemetry"/> also
    /// <c>kairos-telemetry</c> (a meter and an activity listener attached) and its ratio to <c>kairos</c>: what the
    /// instruments and spans cost (issue #20's budget: at most 5 % of throughput, 0.5 ms of p99 lateness).
    /// </summary>
    public static Lineup Local(IReadOnlyList<string> quartzStores, bool telemetry = false)
    {
        var entrants = new List<Entrant> { new("kairos", true, false, QuartzStore.Ram, 1) };
        foreach (var store in quartzStores)
        {
            var kind = store == "ram" ? QuartzStore.Ram : QuartzStore.Sqlite;
            entrants.Add(new Entrant(QuartzInstance.Name(kind), false, false, kind, 1));
        }
        var ratios = entrants.Skip(1).Select(e => ("kairos", e.Name)).ToList();
        if (telemetry)
        {
            entrants.Insert(1, new Entrant("kairos-telemetry", true, false, QuartzStore.Ram, 1, Telemetry: true));
            ratios.Insert(0, ("kairos-telemetry", "kairos"));
        }
        return new Lineup(entrants, ratios);
    }

    /// <summary>Kairos on LiteDB without a listener and with one no-op listener: what the listener path costs.</summary>
    public static Lineup Listener()
    {
        var without = new Entrant("kairos", true, false, QuartzStore.Ram, 1);
        var with = new Entrant("kairos-listener", true, false, QuartzStore.Ram, 1, Listener: true);
        return new Lineup([without, with], [(with.Name, without.Name)]);
    }

    public static Lineup Postgres(IReadOnlyList<int> hostCounts)
    {
        var entrants = new List<Entrant>();
        var ratios = new List<(string, string)>();
        foreach (var hosts in hostCounts)
        {
            var kairos = new Entrant($"kairos-pg-{hosts}", true, true, QuartzStore.Postgres, hosts);
            var quartz = new Entrant($"quartz-pg-{hosts}", false, true, QuartzStore.Postgres, hosts);
            entrants.Add(kairos);
            entrants.Add(quartz);
            ratios.Add((kairos.Name, quartz.Name));
        }
        return new Lineup(entrants, ratios);
    }

    /// <summary>Runs every entrant alternately and reports results and ratios under <paramref name="scenario"/>.</summary>
    public async Task RunAsync(
        string scenario, Func<Entrant, bool, Task<Measurement>> runOnce, BenchOptions options, int reps, Report report, System.Text.Json.Nodes.JsonObject settings)
    {
        var contenders = Entrants.Select(e => new Contender(e.Name, warmup => runOnce(e, warmup))).ToList();
        var results = await Alternation.RunAsync(contenders, options.Warmups(), options.Reps(reps), Console.Error.WriteLine).ConfigureAwait(false);
        report.AddResults(scenario, results, settings);
        foreach (var (kairos, other) in Ratios)
        {
            report.AddRatio(scenario, kairos, other);
        }
    }
}
