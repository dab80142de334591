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

    /// <remarks>
    /// Plain loops: LINQ over <see cref="int"/> (and over <see cref="JsonElement"/> in the tables) is generic code over value
    /// types that no precompiled assembly holds, so a verb compiled it at start, a few milliseconds of its time.
    /// </remarks>
    private static void Write(TextWriter output, string[] header, List<string[]> rows)
    {
        var widths = new int[header.Length];
        for (var i = 0; i < header.Length; i++)
        {
            var width = header[i].Length;
            foreach (var row in rows)
            {
                width = Math.Max(width, row[i].Length);
            }
            widths[i] = Math.Min(60, width);
        }
        output.WriteLine(Line(header, widths));
        foreach (var row in rows)
        {
            output.WriteLine(Line(row, widths));
        }
    }

    /// <summary>The cells padded to their column's width, a cell longer than it cut with an ellipsis, two spaces between columns.</summary>
    private static string Line(string[] cells, int[] widths)
    {
        var line = new System.Text.StringBuilder();
        for (var i = 0; i < cells.Length; i++)
        {
            var cell = cells[i];
            line.Append(i == 0 ? "" : "  ").Append((cell.Length > widths[i] ? cell[..(widths[i] - 1)] + "…" : cell).PadRight(widths[i]));
        }
        return line.ToString().TrimEnd();
    }
}
