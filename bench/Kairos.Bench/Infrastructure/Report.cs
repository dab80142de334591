using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kairos.Bench.Infrastructure;

/// <summary>
/// Prints one JSON line per implementation and one per Kairos/other ratio as soon as a scenario ends, and keeps them
/// for <c>latest.json</c> and the Markdown table of <c>latest.md</c>.
/// </summary>
internal sealed class Report
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly List<JsonObject> _lines = [];
    private readonly TextWriter _out;

    public Report(TextWriter output) => _out = output;

    public void AddResults(string scenario, Dictionary<string, List<Measurement>> results, JsonObject? settings = null)
    {
        foreach (var (impl, runs) in results)
        {
            var metrics = new JsonObject();
            foreach (var name in runs.SelectMany(r => r.Keys).Distinct(StringComparer.Ordinal))
            {
                var summary = Summary.Of(runs.Where(r => r.ContainsKey(name)).Select(r => r[name]).ToList());
                metrics[name] = new JsonObject
                {
                    ["median"] = Round(summary.Median),
                    ["min"] = Round(summary.Min),
                    ["max"] = Round(summary.Max),
                };
            }
            var notes = new JsonObject();
            foreach (var (key, value) in runs.SelectMany(r => r.Notes).GroupBy(kv => kv.Key).Select(g => (g.Key, string.Join(" | ", g.Select(kv => kv.Value).Distinct()))))
            {
                notes[key] = value;
            }
            var line = new JsonObject
            {
                ["scenario"] = scenario,
                ["impl"] = impl,
                ["reps"] = runs.Count,
                ["metrics"] = metrics,
            };
            if (notes.Count > 0)
            {
                line["notes"] = notes;
            }
            if (settings is not null)
            {
                line["settings"] = settings.DeepClone();
            }
            Emit(line);
        }
    }

    /// <summary>Ratio of medians, numerator/denominator, for every metric both have.</summary>
    public void AddRatio(string scenario, string numerator, string denominator)
    {
        var a = Find(scenario, numerator);
        var b = Find(scenario, denominator);
        if (a is null || b is null)
        {
            return;
        }
        var ratios = new JsonObject();
        foreach (var (name, value) in a["metrics"]!.AsObject())
        {
            if (b["metrics"]![name] is { } other)
            {
                if (value?["median"] is not { } topNode || other["median"] is not { } bottomNode)
                {
                    continue;
                }
                var top = topNode.GetValue<double>();
                var bottom = bottomNode.GetValue<double>();
                ratios[name] = bottom == 0 ? (top == 0 ? 1 : null) : Round(top / bottom);
            }
        }
        Emit(new JsonObject { ["scenario"] = scenario, ["ratio"] = $"{numerator}/{denominator}", ["metrics"] = ratios });
    }

    public void AddUnavailable(string scenario, string reason) =>
        Emit(new JsonObject { ["scenario"] = scenario, ["status"] = "not-available", ["reason"] = reason });

    public void WriteFiles(string directory, JsonObject machine)
    {
        Directory.CreateDirectory(directory);
        var doc = new JsonObject { ["machine"] = machine.DeepClone(), ["lines"] = new JsonArray([.. _lines.Select(l => (JsonNode)l.DeepClone())]) };
        File.WriteAllText(Path.Combine(directory, "latest.json"), doc.ToJsonString(Indented) + "\n");
        File.WriteAllText(Path.Combine(directory, "latest.md"), Markdown(machine));
    }

    private string Markdown(JsonObject machine)
    {
        var md = new StringBuilder();
        md.AppendLine("# Kairos benchmarks: latest run");
        md.AppendLine();
        foreach (var (key, value) in machine)
        {
            md.AppendLine(CultureInfo.InvariantCulture, $"- {key}: {value}");
        }
        md.AppendLine();
        md.AppendLine("Each cell: median (min–max) over the measured repetitions; implementations alternate within each repetition. Ratio = Kairos median / other median.");
        foreach (var scenario in _lines.Select(l => l["scenario"]!.GetValue<string>()).Distinct())
        {
            md.AppendLine();
            md.AppendLine(CultureInfo.InvariantCulture, $"## {scenario}");
            md.AppendLine();
            var lines = _lines.Where(l => l["scenario"]!.GetValue<string>() == scenario).ToList();
            if (lines.FirstOrDefault(l => l["status"] is not null) is { } unavailable)
            {
                md.AppendLine(CultureInfo.InvariantCulture, $"Not available: {unavailable["reason"]}");
                continue;
            }
            var impls = lines.Where(l => l["impl"] is not null).ToList();
            var ratios = lines.Where(l => l["ratio"] is not null).ToList();
            md.Append("| metric |");
            foreach (var impl in impls)
            {
                md.Append(CultureInfo.InvariantCulture, $" {impl["impl"]} (n={impl["reps"]}) |");
            }
            foreach (var ratio in ratios)
            {
                md.Append(CultureInfo.InvariantCulture, $" {ratio["ratio"]} |");
            }
            md.AppendLine();
            md.AppendLine("|" + string.Concat(Enumerable.Repeat("---|", 1 + impls.Count + ratios.Count)));
            var metricNames = impls.SelectMany(i => i["metrics"]!.AsObject().Select(kv => kv.Key)).Distinct().ToList();
            foreach (var name in metricNames)
            {
                md.Append(CultureInfo.InvariantCulture, $"| {name} |");
                foreach (var impl in impls)
                {
                    var m = impl["metrics"]![name];
                    md.Append(m is null ? " – |" : $" {Num(m["median"])} ({Num(m["min"])}–{Num(m["max"])}) |");
                }
                foreach (var ratio in ratios)
                {
                    var r = ratio["metrics"]![name];
                    md.Append(r is null ? " – |" : $" {Num(r)} |");
                }
                md.AppendLine();
            }
            var notes = impls.Where(i => i["notes"] is not null).ToList();
            if (notes.Count > 0)
            {
                md.AppendLine();
                foreach (var impl in notes)
                {
                    foreach (var (key, value) in impl["notes"]!.AsObject())
                    {
                        md.AppendLine(CultureInfo.InvariantCulture, $"- {impl["impl"]} {key}: {value}");
                    }
                }
            }
            if (impls.FirstOrDefault()?["settings"] is JsonObject settings)
            {
                md.AppendLine();
                md.AppendLine(CultureInfo.InvariantCulture, $"Settings: `{settings.ToJsonString(Compact)}`");
            }
        }
        return md.ToString();
    }

    private JsonObject? Find(string scenario, string impl) =>
        _lines.LastOrDefault(l => l["scenario"]?.GetValue<string>() == scenario && l["impl"]?.GetValue<string>() == impl);

    private void Emit(JsonObject line)
    {
        _lines.Add(line);
        _out.WriteLine(line.ToJsonString(Compact));
        _out.Flush();
    }

    private static double? Round(double value) =>
        double.IsFinite(value) ? Math.Round(value, value is > -10 and < 10 ? 4 : 2) : null;

    private static string Num(JsonNode? node)
    {
        if (node is null)
        {
            return "–";
        }
        var v = node.GetValue<double>();
        return Math.Abs(v) >= 1000 ? v.ToString("N0", CultureInfo.InvariantCulture) : v.ToString("0.###", CultureInfo.InvariantCulture);
    }
}
