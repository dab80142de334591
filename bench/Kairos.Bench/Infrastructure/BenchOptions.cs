using System.Globalization;

namespace Kairos.Bench.Infrastructure;

/// <summary>Command-line settings: <c>SCENARIO [--quick] [--reps N] [--warmups N] [--results DIR] [--NAME VALUE ...]</c>.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public string Command { get; private set; } = "help";

    /// <summary>Tiny sizes and one repetition: checks that everything runs, measures nothing worth quoting.</summary>
    public bool Quick { get; private set; }

    /// <summary>Worker threads of both schedulers (Quartz's default pool size; Kairos's MaxConcurrency).</summary>
    public int Threads => Int("threads", 10);

    public string? ResultsDir => _values.GetValueOrDefault("results");

    public static BenchOptions Parse(string[] args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (arg == "--quick")
            {
                options.Quick = true;
            }
            else if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (i + 1 >= args.Length)
                {
                    throw new ArgumentException($"option '{arg}' needs a value");
                }
                options._values[arg[2..]] = args[++i];
            }
            else if (options.Command == "help")
            {
                options.Command = arg;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{arg}': one scenario per run (or 'all')");
            }
        }
        return options;
    }

    /// <summary>An integer option, with a full-size default and a quick-mode default.</summary>
    public int Int(string name, int full, int? quick = null) =>
        _values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : Quick && quick is { } q ? q : full;

    public string String(string name, string fallback) => _values.GetValueOrDefault(name, fallback);

    public int Reps(int full) => Int("reps", full, 1);

    public int Warmups(int full = 1) => Int("warmups", full, 0);

    /// <summary>Quartz stores to compare against (<c>ram,sqlite</c> by default; <c>none</c> runs Kairos alone).</summary>
    public IReadOnlyList<string> Stores(string fallback = "ram,sqlite")
    {
        var stores = String("stores", fallback).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(s => s != "none").ToList();
        var unknown = stores.FirstOrDefault(s => s is not ("ram" or "sqlite"));
        return unknown is null ? stores : throw new ArgumentException($"--stores '{unknown}': expected ram, sqlite or none");
    }

    /// <summary><c>--telemetry on</c>: burst and latency add a Kairos entrant with a meter and an activity listener attached (off by default).</summary>
    public bool Telemetry => String("telemetry", "off") switch
    {
        "on" => true,
        "off" => false,
        var other => throw new ArgumentException($"--telemetry '{other}': expected on or off"),
    };

    /// <summary>Host counts of the PostgreSQL scenarios (<c>--hosts 1,3</c> by default): Kairos hosts and Quartz schedulers per cluster.</summary>
    public IReadOnlyList<int> HostCounts()
    {
        var text = String("hosts", "1,3");
        var counts = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).ToList();
        return counts.Count > 0 && counts.All(n => n is >= 1 and <= 16)
            ? counts
            : throw new ArgumentException($"--hosts '{text}': expected host counts from 1 to 16 separated by commas, such as 1,3");
    }
}
