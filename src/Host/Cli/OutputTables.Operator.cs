using System.Text.Json;
using Kairos.Host.Operations.Control;

namespace Kairos.Host.Cli;

/// <summary>Operator actions: the run-once ledger, a backfill, the audit trail and a removed job.</summary>
internal static partial class OutputTables
{
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
}
