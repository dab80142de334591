using System.Text.Json;

namespace Kairos.Host.Cli;

/// <summary>
/// The readable form of <c>kairos explain</c>'s answer (an <c>ExplainView</c> as JSON): the answer first, then what
/// holds the job now, each trigger with its instants around the one asked (<c>&gt;</c> marks it) and what became of
/// each, its notes, and the hosts known.
/// </summary>
internal static class ExplainText
{
    public static void Print(string json, TextWriter output)
    {
        var view = JsonDocument.Parse(json).RootElement;
        output.WriteLine($"{S(view, "jobId")} at {S(view, "atUtc")} (now {S(view, "nowUtc")})");
        output.WriteLine(S(view, "answer"));
        var holds = view.GetProperty("holds").EnumerateArray().ToList();
        if (holds.Count > 0)
        {
            output.WriteLine();
            output.WriteLine("Holds now:");
            foreach (var hold in holds)
            {
                var since = S(hold, "sinceUtc") is { Length: > 0 } s ? $" since {s}" : "";
                var until = S(hold, "untilUtc") is { Length: > 0 } u ? $" until {u}" : "";
                var reason = S(hold, "reason") is { Length: > 0 } r ? $": {r}" : "";
                output.WriteLine($"  {S(hold, "kind")} by {S(hold, "by")}{since}{until}{reason}");
            }
        }
        foreach (var trigger in view.GetProperty("triggers").EnumerateArray())
        {
            output.WriteLine();
            var next = S(trigger, "nextFireUtc") is { Length: > 0 } n ? n : "never";
            output.WriteLine($"Trigger {S(trigger, "key")}: {S(trigger, "schedule")} ({S(trigger, "timeZone")}), next fire {next}");
            var fires = trigger.GetProperty("fires").EnumerateArray().ToList();
            var width = fires.Select(f => S(f, "outcome").Length).DefaultIfEmpty(0).Max();
            foreach (var fire in fires)
            {
                var mark = fire.GetProperty("asked").GetBoolean() ? ">" : " ";
                output.WriteLine($"{mark} {S(fire, "scheduledUtc"),-24}  {S(fire, "outcome").PadRight(width)}  {S(fire, "text")}");
            }
            foreach (var note in trigger.GetProperty("notes").EnumerateArray())
            {
                output.WriteLine($"  note: {note.GetString()}");
            }
        }
        var nodes = view.GetProperty("nodes").EnumerateArray().ToList();
        output.WriteLine();
        output.WriteLine(nodes.Count == 0 ? "Hosts: none is up (the store knows of none)" : "Hosts:");
        foreach (var node in nodes)
        {
            var state = node.GetProperty("alive").GetBoolean() ? "up" : "down, last seen " + S(node, "lastSeenUtc");
            var loads = node.GetProperty("loadsJob").GetBoolean() ? "loads the job" : "does not load the job";
            output.WriteLine($"  {S(node, "id")}: {state}, started {S(node, "startedUtc")}, {loads}");
        }
    }

    private static string S(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined)
            ? v.ValueKind == JsonValueKind.String ? v.GetString() ?? "" : v.ToString()
            : "";
}
