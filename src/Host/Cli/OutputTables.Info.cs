using System.Globalization;
using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary><c>kairos info</c>: the host, its store and runs, then each section it adds (plugins, scripts, nodes, listeners, watchdog).</summary>
internal static partial class OutputTables
{
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
}
