using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary><c>kairos jobs</c>: a line per trigger, then the notes of each job (held, run-once, problems, chains).</summary>
internal static partial class OutputTables
{
    /// <summary>Trigger lines shown per job; the rest are counted (a job may have thousands of dynamic triggers).</summary>
    internal const int TriggersShown = 5;

    /// <summary>
    /// One line per trigger, with that trigger's own schedule, zone and next fire: the job's columns on its first line
    /// (the trigger that fires next), blank on the others. Below the table, each paused job's reason and each problem.
    /// </summary>
    public static void Jobs(string json, TextWriter output)
    {
        var jobs = JsonDocument.Parse(json).RootElement;
        var rows = new List<string[]>();
        foreach (var job in jobs.EnumerateArray())
        {
            var triggers = Ordered(job.GetProperty("triggers"));
            string[] JobColumns(bool first) => first
                ? [S(job, "id"), S(job, "state")]
                : ["", ""];
            string[] Tail(bool first) => first ? [S(job, "source"), S(job, "version"), LastRun(job), Rate(job)] : ["", "", "", ""];
            if (triggers.Length == 0)
            {
                rows.Add([.. JobColumns(true), "", "", "", "", .. Tail(true)]);
                continue;
            }
            for (var i = 0; i < Math.Min(TriggersShown, triggers.Length); i++)
            {
                var trigger = triggers[i];
                rows.Add([.. JobColumns(i == 0), S(trigger, "key"), Schedule(trigger), S(trigger, "timeZone"), S(trigger, "nextFireUtc"), .. Tail(i == 0)]);
            }
            if (triggers.Length > TriggersShown)
            {
                rows.Add(["", "", $"(+{triggers.Length - TriggersShown} more)", "", "", "", "", "", "", ""]);
            }
        }
        Write(output, ["JOB", "STATE", "TRIGGER", "SCHEDULE", "TZ", "NEXT (UTC)", "SOURCE", "VERSION", "LAST RUN", "OK"], rows);
        foreach (var job in jobs.EnumerateArray())
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
                    output.WriteLine($"  {S(job, "id")}: {words} -> {string.Join(", ", Strings(targets))}");
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
            text += " except " + string.Join(",", Strings(calendars));
        }
        return text;
    }

    /// <summary>
    /// A job's triggers, the one that fires next first: by next fire (none last), then by key. Sorted by index with the
    /// index as the last key, so the order is the stable one (as <c>OrderBy</c>'s), without LINQ's generic code over <see cref="JsonElement"/>.
    /// </summary>
    private static JsonElement[] Ordered(JsonElement triggers)
    {
        var list = new JsonElement[triggers.GetArrayLength()];
        var order = new int[list.Length];
        var next = new string?[list.Length];
        var keys = new string[list.Length];
        var i = 0;
        foreach (var trigger in triggers.EnumerateArray())
        {
            list[i] = trigger;
            order[i] = i;
            next[i] = trigger.GetProperty("nextFireUtc").ValueKind == JsonValueKind.Null ? null : S(trigger, "nextFireUtc");
            keys[i] = S(trigger, "key");
            i++;
        }
        Array.Sort(order, (a, b) =>
            (next[a] is null).CompareTo(next[b] is null) is not 0 and var none ? none
            : string.CompareOrdinal(next[a], next[b]) is not 0 and var at ? at
            : string.CompareOrdinal(keys[a], keys[b]) is not 0 and var key ? key
            : a.CompareTo(b));
        var sorted = new JsonElement[list.Length];
        for (i = 0; i < order.Length; i++)
        {
            sorted[i] = list[order[i]];
        }
        return sorted;
    }

    /// <summary>The strings of a JSON array.</summary>
    private static List<string?> Strings(JsonElement array)
    {
        var strings = new List<string?>();
        foreach (var item in array.EnumerateArray())
        {
            strings.Add(item.GetString());
        }
        return strings;
    }

    /// <summary>A job's last run as "succeeded 12 ms", from its <c>lastRun</c>.</summary>
    private static string LastRun(JsonElement job) =>
        job.TryGetProperty("lastRun", out var last) && last.ValueKind == JsonValueKind.Object
            ? $"{S(last, "status")}{(last.GetProperty("durationMs").ValueKind == JsonValueKind.Number ? $" {Ms(last.GetProperty("durationMs").GetDouble())}" : "")}"
            : "";
}
