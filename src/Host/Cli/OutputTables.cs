using Kairos.Host.Operations;
using System.Globalization;
using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary>Human-readable forms of the CLI verbs' answers (the JSON answers, printed as columns and lines).</summary>
internal static class OutputTables
{
    /// <summary>Trigger lines shown per job; the rest are counted (a job may have thousands of dynamic triggers).</summary>
    internal const int TriggersShown = 5;

    /// <summary>
    /// One line per trigger, with that trigger's own schedule, zone and next fire: the job's columns on its first line
    /// (the trigger that fires next), blank on the others. Below the table, each paused job's reason and each problem.
    /// </summary>
    public static void Jobs(string json, TextWriter output)
    {
        var jobs = Parse(json);
        var rows = new List<string[]>();
        foreach (var job in jobs)
        {
            var triggers = job.GetProperty("triggers").EnumerateArray()
                .OrderBy(t => t.GetProperty("nextFireUtc").ValueKind == JsonValueKind.Null ? 1 : 0)
                .ThenBy(t => S(t, "nextFireUtc"), StringComparer.Ordinal)
                .ThenBy(t => S(t, "key"), StringComparer.Ordinal)
                .ToList();
            string[] JobColumns(bool first) => first
                ? [S(job, "id"), S(job, "state")]
                : ["", ""];
            string[] Tail(bool first) => first ? [S(job, "source"), S(job, "version"), LastRun(job), Rate(job)] : ["", "", "", ""];
            if (triggers.Count == 0)
            {
                rows.Add([.. JobColumns(true), "", "", "", "", .. Tail(true)]);
                continue;
            }
            foreach (var (trigger, i) in triggers.Take(TriggersShown).Select((t, i) => (t, i)))
            {
                rows.Add([.. JobColumns(i == 0), S(trigger, "key"), Schedule(trigger), S(trigger, "timeZone"), S(trigger, "nextFireUtc"), .. Tail(i == 0)]);
            }
            if (triggers.Count > TriggersShown)
            {
                rows.Add(["", "", $"(+{triggers.Count - TriggersShown} more)", "", "", "", "", "", "", ""]);
            }
        }
        Write(output, ["JOB", "STATE", "TRIGGER", "SCHEDULE", "TZ", "NEXT (UTC)", "SOURCE", "VERSION", "LAST RUN", "OK"], rows);
        foreach (var job in jobs)
        {
            if (S(job, "state") == "disabled" && S(job, "disabledBy") is { Length: > 0 } disabledBy)
            {
                var why = S(job, "disabledByOperatorReason");
                output.WriteLine($"  {S(job, "id")}: disabled by {disabledBy}" + (why.Length > 0 ? ": " + why : " (no reason given)"));
            }
            if (job.TryGetProperty("runOnce", out var once) && once.ValueKind == JsonValueKind.Object)
            {
                output.WriteLine($"  {S(job, "id")}: run-once '{S(once, "key")}': {S(once, "state")} (run {S(once, "runId")}, queued {S(once, "queuedUtc")} by {S(once, "queuedBy")})");
            }
            if (S(job, "state") == "disabled" && S(job, "disabledReason") is { Length: > 0 } configured)
            {
                output.WriteLine($"  {S(job, "id")}: disabled: {configured}");
            }
            if (S(job, "state") == "paused")
            {
                var reason = S(job, "pauseReason");
                var until = S(job, "pausedUntilUtc");
                var by = S(job, "pausedBy");
                output.WriteLine($"  {S(job, "id")}: paused{(until.Length > 0 ? " until " + until : "")}{(by.Length > 0 ? " by " + by : "")}"
                    + (reason.Length > 0 ? ": " + reason : " (no reason given)"));
            }
            foreach (var problem in job.GetProperty("problems").EnumerateArray())
            {
                output.WriteLine($"  {S(job, "id")}: {problem.GetString()}");
            }
            foreach (var (key, words) in (ReadOnlySpan<(string, string)>)[("onSuccess", "on success"), ("onFailure", "on failure")])
            {
                if (job.TryGetProperty(key, out var targets) && targets.GetArrayLength() > 0)
                {
                    output.WriteLine($"  {S(job, "id")}: {words} -> {string.Join(", ", targets.EnumerateArray().Select(t => t.GetString()))}");
                }
            }
        }
    }

    /// <summary>A trigger's schedule, with its jitter offset and calendars when it has them (<c>0 3 * * * +00:02:08.904 ~holidays</c>).</summary>
    private static string Schedule(JsonElement trigger)
    {
        var text = S(trigger, "schedule");
        if (S(trigger, "jitterOffset") is { Length: > 0 } offset)
        {
            text += $" +{offset} (jitter {S(trigger, "jitter")})";
        }
        if (trigger.TryGetProperty("calendars", out var calendars) && calendars.ValueKind == JsonValueKind.Array && calendars.GetArrayLength() > 0)
        {
            text += " except " + string.Join(",", calendars.EnumerateArray().Select(c => c.GetString()));
        }
        return text;
    }

    /// <summary>A job's last run as "succeeded 12 ms", from its <c>lastRun</c>.</summary>
    private static string LastRun(JsonElement job) =>
        job.TryGetProperty("lastRun", out var last) && last.ValueKind == JsonValueKind.Object
            ? $"{S(last, "status")}{(last.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? $" {Ms(last.GetProperty("durationMs").GetDouble())}" : "")}"
            : "";

    /// <summary>A job's success rate as a whole percentage.</summary>
    private static string Rate(JsonElement job) =>
        job.TryGetProperty("successRate", out var rate) && rate.ValueKind == JsonValueKind.Number
            ? (rate.GetDouble() * 100).ToString("0", CultureInfo.InvariantCulture) + "%"
            : "";

    private static string Ms(double ms) => ms >= 10_000
        ? (ms / 1000).ToString("0.#", CultureInfo.InvariantCulture) + " s"
        : ms.ToString("0", CultureInfo.InvariantCulture) + " ms";

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
        var rows = Parse(json).Select(r => new[]
        {
            S(r, "scheduledUtc"), S(r, "id"), S(r, "jobId"), S(r, "triggerKey"), S(r, "status"), S(r, "attempt"),
            r.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? $"{r.GetProperty("durationMs").GetDouble():0} ms" : "",
            S(r, "node"),
            r.GetProperty("error").ValueKind == JsonValueKind.Object ? S(r.GetProperty("error"), "message") : "",
        }).ToList();
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

    public static void Ok(string json, TextWriter output) => output.WriteLine("ok");

    /// <summary>The run-once ledger: each key, its job, its state, the run it queued last, when and by whom.</summary>
    public static void RunOnce(string json, TextWriter output)
    {
        var rows = Parse(json).Select(e => new[]
        {
            S(e, "key"), S(e, "jobId"), S(e, "state"), S(e, "lastRunId") is { Length: > 0 } last ? last : S(e, "runId"), S(e, "queuedUtc"), S(e, "queuedBy"),
        }).ToList();
        Write(output, ["KEY", "JOB", "STATE", "RUN", "QUEUED (UTC)", "BY"], rows);
    }

    /// <summary>A backfill: one line saying what it made of the range, then its instants with their runs.</summary>
    public static void Backfill(string json, TextWriter output)
    {
        var answer = JsonDocument.Parse(json).RootElement;
        var runs = answer.GetProperty("runs").EnumerateArray().Select(r => new[] { S(r, "scheduledUtc"), S(r, "runId") }).ToList();
        var range = $"'{S(answer, "jobId")}' trigger '{S(answer, "triggerKey")}' from {S(answer, "fromUtc")} to {S(answer, "toUtc")}";
        var counts = $"{Count(answer.GetProperty("scheduled").GetInt32(), "instant")}, {answer.GetProperty("alreadyRecorded").GetInt32()} already recorded";
        output.WriteLine(answer.GetProperty("dryRun").GetBoolean()
            ? $"dry run: would queue {Count(runs.Count, "run")} for {range} ({counts})"
            : $"queued {Count(runs.Count, "run")} for {range} ({counts}), at most {S(answer, "maxParallel")} at a time");
        if (runs.Count > 0)
        {
            Write(output, ["SCHEDULED (UTC)", "RUN"], runs);
        }
    }

    /// <summary>The audit trail, newest first: when, who, what, on which job and run, and the details.</summary>
    public static void Audit(string json, TextWriter output)
    {
        var rows = Parse(json).Select(e => new[]
        {
            S(e, "atUtc"), S(e, "actor"), S(e, "action"), S(e, "jobId"), S(e, "runId"), S(e, "detail"),
        }).ToList();
        Write(output, ["AT (UTC)", "ACTOR", "ACTION", "JOB", "RUN", "DETAIL"], rows);
    }

    public static void Removed(string json, TextWriter output)
    {
        var answer = JsonDocument.Parse(json).RootElement;
        var job = S(answer, "jobId");
        var open = answer.GetProperty("openRunsRemoved").GetInt32();
        var deleted = $"{Count(answer.GetProperty("triggersRemoved").GetInt32(), "trigger")}"
            + (open > 0 ? $", {Count(open, "run")} not ended" : "");
        output.WriteLine(S(answer, "history") == RemovalView.Delete
            ? $"removed job '{job}' ({deleted}) and its history ({Count(answer.GetProperty("historyRemoved").GetInt32(), "run record")})"
            : $"removed job '{job}' ({deleted}); its history is kept: 'kairos history {job}' shows it");
    }

    /// <summary>The host, its store, its jobs and what runs; then each section the host adds (plugins, scripts, nodes) and the problems.</summary>
    public static void Info(string json, TextWriter output)
    {
        var info = JsonDocument.Parse(json).RootElement;
        var running = info.TryGetProperty("running", out var r) ? r.EnumerateArray().ToList() : [];
        var runnable = info.TryGetProperty("runnableJobs", out var j) ? j.EnumerateArray().Select(x => x.GetString()).ToList() : [];
        output.WriteLine($"Kairos {S(info, "version")}, node {S(info, "node")}: "
            + (info.GetProperty("hostRunning").GetBoolean() ? $"host running since {S(info, "startedUtc")}" : "no host running (read from the store)"));
        output.WriteLine($"Store: {S(info, "storeKind")} {S(info, "store")}");
        output.WriteLine($"Jobs: {S(info, "jobs")} in the store, {runnable.Count} runnable here{(runnable.Count > 0 ? ": " + string.Join(", ", runnable) : "")}");
        output.WriteLine($"Running: {running.Count}");
        if (running.Count > 0)
        {
            Write(output, ["  RUN", "JOB", "TRIGGER", "STARTED (UTC)", "NODE"],
                [.. running.Select(x => new[] { "  " + S(x, "id"), S(x, "jobId"), S(x, "triggerKey"), S(x, "startedUtc"), S(x, "node") })]);
        }
        if (info.TryGetProperty("plugins", out var plugins))
        {
            Plugins(plugins, output);
        }
        if (info.TryGetProperty("scripts", out var scripts))
        {
            Scripts(scripts, output);
        }
        if (info.TryGetProperty("nodes", out var nodes))
        {
            Nodes(nodes, output);
        }
        if (info.TryGetProperty("listeners", out var listeners))
        {
            Listeners(listeners, output);
        }
        if (info.TryGetProperty("watchdog", out var watchdog))
        {
            Watchdog(watchdog, output);
        }
        var problems = info.TryGetProperty("problems", out var p) ? p.EnumerateArray().ToList() : [];
        output.WriteLine();
        output.WriteLine($"Problems: {(problems.Count == 0 ? "none" : problems.Count.ToString(CultureInfo.InvariantCulture))}");
        foreach (var problem in problems)
        {
            var job = S(problem, "jobId");
            output.WriteLine($"  {S(problem, "source")}{(job.Length > 0 ? $" (job {job})" : "")}: {S(problem, "message")}");
        }
    }

    private static void Plugins(JsonElement plugins, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(S(plugins, "folder") is { Length: > 0 } folder ? $"Plugins ({folder}):" : "Plugins: off");
        var current = plugins.GetProperty("current").EnumerateArray().ToList();
        if (current.Count > 0)
        {
            Write(output, ["  PLUGIN", "STATE", "VERSION", "JOBS", "LOADED (UTC)", "ERROR"], [.. current.Select(x => new[]
            {
                "  " + S(x, "name"), S(x, "state"), S(x, "version"), string.Join(", ", x.GetProperty("jobIds").EnumerateArray().Select(i => i.GetString())),
                S(x, "loadedAtUtc"), S(x, "error"),
            })]);
        }
        var unloaded = plugins.GetProperty("unloaded").EnumerateArray().ToList();
        if (unloaded.Count > 0)
        {
            output.WriteLine("Replaced or removed versions:");
            Write(output, ["  PLUGIN", "VERSION", "STATE", "UNLOADED (UTC)", "COLLECTED"], [.. unloaded.Select(x => new[]
            {
                "  " + S(x, "name"), S(x, "version"), S(x, "state"), S(x, "unloadedAtUtc"),
                x.GetProperty("collected").ValueKind switch { JsonValueKind.True => "yes", JsonValueKind.False => "NO (leaked)", _ => "not yet known" },
            })]);
        }
    }

    private static void Scripts(JsonElement scripts, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine(scripts.GetProperty("enabled").GetBoolean() ? $"Scripts ({S(scripts, "folder")}):" : "Scripts: off");
        if (S(scripts, "problem") is { Length: > 0 } problem)
        {
            output.WriteLine($"  {problem}");
        }
        var list = scripts.GetProperty("scripts").EnumerateArray().ToList();
        if (list.Count > 0)
        {
            Write(output, ["  SCRIPT", "JOB", "STATE", "VERSION"], [.. list.Select(x => new[] { "  " + S(x, "path"), S(x, "jobId"), S(x, "state"), S(x, "version") })]);
        }
        if (scripts.TryGetProperty("counters", out var counters))
        {
            output.WriteLine("  counters: " + string.Join(", ", counters.EnumerateObject().Select(c => $"{c.Name} {c.Value}")));
        }
    }

    private static void Nodes(JsonElement nodes, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Nodes:");
        if (nodes.ValueKind != JsonValueKind.Array)
        {
            output.WriteLine($"  {S(nodes, "error")}");
            return;
        }
        Write(output, ["  NODE", "STATE", "HOST", "PID", "STARTED (UTC)", "LAST HEARTBEAT (UTC)", "RUNNING", "JOBS"], [.. nodes.EnumerateArray().Select(x => new[]
        {
            "  " + S(x, "node"), S(x, "state"), S(x, "host"), S(x, "processId"), S(x, "startedUtc"), S(x, "lastHeartbeatUtc"),
            x.GetProperty("running").GetArrayLength().ToString(CultureInfo.InvariantCulture),
            string.Join(", ", x.GetProperty("runnableJobIds").EnumerateArray().Select(i => i.GetString())),
        })]);
    }

    /// <summary>The listeners and what each was sent; nothing when none is registered.</summary>
    private static void Listeners(JsonElement listeners, TextWriter output)
    {
        var list = listeners.TryGetProperty("listeners", out var l) ? l.EnumerateArray().ToList() : [];
        if (list.Count == 0)
        {
            return;
        }
        output.WriteLine();
        output.WriteLine($"Listeners (queue capacity {S(listeners, "queueCapacity")}, call timeout {S(listeners, "callTimeout")}):");
        Write(output, ["  LISTENER", "SOURCE", "DELIVERED", "QUEUED", "DROPPED", "FAILED", "TIMED OUT"], [.. list.Select(x => new[]
        {
            "  " + S(x, "listener"), S(x, "source"), S(x, "delivered"), S(x, "queued"), S(x, "dropped"), S(x, "failed"), S(x, "timedOut"),
        })]);
    }

    /// <summary>The watchdog: its threshold and each part's step, since when, and whether it is stalled.</summary>
    private static void Watchdog(JsonElement watchdog, TextWriter output)
    {
        output.WriteLine();
        if (watchdog.TryGetProperty("enabled", out var enabled) && enabled.ValueKind == JsonValueKind.False)
        {
            output.WriteLine("Watchdog: off");
            return;
        }
        output.WriteLine($"Watchdog (stall threshold {S(watchdog, "stallThreshold")}):");
        Write(output, ["  PART", "STEP", "SINCE (UTC)", "UNTIL (UTC)", "STALLED"], [.. watchdog.GetProperty("parts").EnumerateArray().Select(x => new[]
        {
            "  " + S(x, "part"), S(x, "step"), S(x, "sinceUtc"), S(x, "untilUtc"), x.GetProperty("stalled").GetBoolean() ? "STALLED" : "no",
        })]);
    }

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
