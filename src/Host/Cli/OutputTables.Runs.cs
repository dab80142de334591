using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary>Runs: <c>kairos stats</c>, <c>history</c>, <c>run</c>, and the run a manual trigger queued.</summary>
internal static partial class OutputTables
{
    /// <summary><c>kairos stats</c>: the window, counts by status, success rate, duration and lateness percentiles.</summary>
    public static void Stats(string json, TextWriter output)
    {
        var stats = JsonDocument.Parse(json).RootElement;
        var job = S(stats, "jobId");
        output.WriteLine($"{(job.Length > 0 ? job : "All jobs")}: {Count(stats.GetProperty("runs").GetInt32(), "run")} scheduled since {S(stats, "sinceUtc")}");
        var counts = stats.GetProperty("byStatus").EnumerateObject().Select(p => $"{p.Name} {p.Value.GetInt32()}").ToList();
        if (counts.Count > 0)
        {
            output.WriteLine("  " + string.Join(", ", counts));
        }
        if (stats.GetProperty("successRate").ValueKind == JsonValueKind.Number)
        {
            output.WriteLine($"  success rate {Rate(stats)} of the runs that ended with an outcome");
        }
        foreach (var (name, label) in new[] { ("durationMs", "duration"), ("latenessMs", "start lateness") })
        {
            if (stats.GetProperty(name) is { ValueKind: JsonValueKind.Object } p)
            {
                output.WriteLine($"  {label}: p50 {Ms(p.GetProperty("p50").GetDouble())}, p95 {Ms(p.GetProperty("p95").GetDouble())}, max {Ms(p.GetProperty("max").GetDouble())}");
            }
        }
    }

    public static void History(string json, TextWriter output)
    {
        var rows = new List<string[]>();
        foreach (var r in JsonDocument.Parse(json).RootElement.EnumerateArray())
        {
            rows.Add(
            [
                S(r, "scheduledUtc"), S(r, "id"), S(r, "jobId"), S(r, "triggerKey"), S(r, "status"), S(r, "attempt"),
                r.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? $"{r.GetProperty("durationMs").GetDouble():0} ms" : "",
                S(r, "node"),
                r.GetProperty("error").ValueKind == JsonValueKind.Object ? S(r.GetProperty("error"), "message") : "",
            ]);
        }
        Write(output, ["SCHEDULED (UTC)", "RUN", "JOB", "TRIGGER", "STATUS", "ATTEMPT", "DURATION", "NODE", "ERROR"], rows);
    }

    /// <summary>One run: a line per field that is set, then its error's stack and its log lines.</summary>
    public static void Run(string json, TextWriter output)
    {
        var run = JsonDocument.Parse(json).RootElement;
        void Line(string label, string value)
        {
            if (value.Length > 0)
            {
                output.WriteLine($"{label,-11}{value}");
            }
        }
        Line("Run:", S(run, "id"));
        Line("Job:", S(run, "jobId"));
        Line("Trigger:", S(run, "triggerKey"));
        Line("Origin:", S(run, "origin"));
        Line("Status:", S(run, "status"));
        Line("Attempt:", S(run, "attempt"));
        Line("Scheduled:", S(run, "scheduledUtc"));
        Line("Started:", S(run, "startedUtc"));
        Line("Ended:", S(run, "endedUtc"));
        Line("Duration:", run.TryGetProperty("durationMs", out var ms) && ms.ValueKind == JsonValueKind.Number ? $"{ms.GetDouble():0} ms" : "");
        Line("Node:", S(run, "node"));
        Line("Version:", S(run, "version"));
        Line("Data:", S(run, "data"));
        if (run.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
        {
            Line("Error:", $"{S(error, "type")}{(S(error, "type").Length > 0 ? ": " : "")}{S(error, "message")}");
            if (S(error, "stack") is { Length: > 0 } stack)
            {
                output.WriteLine(stack);
            }
        }
        var log = run.TryGetProperty("log", out var lines) ? lines.EnumerateArray().Select(l => l.GetString() ?? "").ToList() : [];
        output.WriteLine(log.Count == 0 ? "Log: none" : "Log:");
        foreach (var line in log)
        {
            output.WriteLine("  " + line);
        }
    }

    /// <summary>The queued run's id, and on a second line why it waits when no host will start it now.</summary>
    public static void Trigger(string json, TextWriter output)
    {
        var answer = JsonDocument.Parse(json).RootElement;
        output.WriteLine("queued run " + S(answer, "runId"));
        if (S(answer, "note") is { Length: > 0 } note)
        {
            output.WriteLine(note);
        }
    }
}
