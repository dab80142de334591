using System.Text.Json;

namespace Kairos.Host.Operations.Cli;

/// <summary>Human-readable tables for the CLI verbs (the JSON answers, printed as columns).</summary>
internal static class OutputTables
{
    public static void Jobs(string json)
    {
        var rows = Parse(json).Select(j => new[]
        {
            S(j, "id"), S(j, "state"), S(j, "schedule"), S(j, "timeZone"), S(j, "nextFireUtc"), S(j, "source"), S(j, "version"),
        }).ToList();
        Write(["JOB", "STATE", "SCHEDULE", "TZ", "NEXT (UTC)", "SOURCE", "VERSION"], rows);
        foreach (var job in Parse(json))
        {
            foreach (var problem in job.GetProperty("problems").EnumerateArray())
            {
                Console.Out.WriteLine($"  {S(job, "id")}: {problem.GetString()}");
            }
        }
    }

    public static void History(string json)
    {
        var rows = Parse(json).Select(r => new[]
        {
            S(r, "scheduledUtc"), S(r, "jobId"), S(r, "triggerKey"), S(r, "status"), S(r, "attempt"),
            r.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? $"{r.GetProperty("durationMs").GetDouble():0} ms" : "",
            S(r, "node"),
            r.GetProperty("error").ValueKind == JsonValueKind.Object ? S(r.GetProperty("error"), "message") : "",
        }).ToList();
        Write(["SCHEDULED (UTC)", "JOB", "TRIGGER", "STATUS", "ATTEMPT", "DURATION", "NODE", "ERROR"], rows);
    }

    public static void Ok(string json) => Console.Out.WriteLine(json.Contains("runId", StringComparison.Ordinal)
        ? "queued run " + JsonDocument.Parse(json).RootElement.GetProperty("runId").GetString()
        : "ok");

    private static List<JsonElement> Parse(string json) => [.. JsonDocument.Parse(json).RootElement.EnumerateArray()];

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString() ?? "",
            JsonValueKind.Null or JsonValueKind.Undefined => "",
            _ => v.ToString(),
        } : "";

    private static void Write(string[] header, List<string[]> rows)
    {
        var widths = header.Select((h, i) => Math.Min(60, rows.Select(r => r[i].Length).Append(h.Length).Max())).ToArray();
        Console.Out.WriteLine(string.Join("  ", header.Select((h, i) => h.PadRight(widths[i]))).TrimEnd());
        foreach (var row in rows)
        {
            Console.Out.WriteLine(string.Join("  ", row.Select((c, i) => (c.Length > widths[i] ? c[..(widths[i] - 1)] + "…" : c).PadRight(widths[i]))).TrimEnd());
        }
    }
}
