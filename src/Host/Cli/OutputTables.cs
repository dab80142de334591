using System.Globalization;
using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary>Human-readable forms of the CLI verbs' answers (the JSON answers, printed as columns and lines).</summary>
internal static partial class OutputTables
{
    /// <summary>A job's success rate as a whole percentage.</summary>
    private static string Rate(JsonElement job) =>
        job.TryGetProperty("successRate", out var rate) && rate.ValueKind == JsonValueKind.Number
            ? (rate.GetDouble() * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
            : "";

    private static string Ms(double ms) => ms >= 10_000
        ? (ms / 1000).ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

    public static void Ok(string json, TextWriter output) => output.WriteLine("ok");

    private static string Count(int n, string what) => n == 1 ? $"1 {what}" : $"{n} {what}s";

    private static List<JsonElement> Parse(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];

    private static string S(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => v.ToString(),
        } : "";

    private static void Write(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Min(60, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        output.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            output.WriteLine(string.Join("  ", row.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).TrimEnd());
        }
    }
}
