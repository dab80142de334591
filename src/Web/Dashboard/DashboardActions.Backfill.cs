using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Dashboard;

/// <summary>The forms of #16's backfill and run-once jobs, on the Job page.</summary>
internal static partial class DashboardActions
{
    /// <summary>The instants a dry run's message lists before it says how many more there are.</summary>
    private const int ListedInstants = 10;

    private static void MapBackfill(IEndpointRouteBuilder group, DashboardPages pages)
    {
        group.MapPost("/jobs/{id}/backfill", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, form) =>
        {
            var parallel = Optional(form["maxParallel"]) is { } text
                ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n
                    : throw new Kairos.Host.Operations.OperationException($"at most '{text}' at a time is not a number: expected 1 or more")
                : 1;
            var done = ops.Backfill(id, Optional(form["from"]), Optional(form["to"]), Optional(form["trigger"]), parallel, form["dryRun"] == "true");
            var range = $"trigger {done.TriggerKey} of {id}: {done.Scheduled} instant(s) in the range, {done.AlreadyRecorded} already recorded";
            if (!done.DryRun)
            {
                return $"Backfill queued {done.Created} run(s) for {range}, at most {done.MaxParallel} at a time";
            }
            var listed = string.Join(", ", done.Runs.Take(ListedInstants).Select(r => Text.Show.When(r.ScheduledUtc)));
            var more = done.Runs.Count > ListedInstants ? $" and {done.Runs.Count - ListedInstants} more" : "";
            return $"Dry run: a backfill would queue {done.Runs.Count} run(s) for {range}" + (done.Runs.Count > 0 ? $" ({listed}{more})" : "");
        }));
        group.MapPost("/jobs/{id}/run-once/rerun", (HttpContext c, string id) => Act(c, pages, $"/jobs/{Uri.EscapeDataString(id)}", (ops, form) =>
        {
            var key = form["key"].ToString();
            var queued = ops.RerunOnce(key);
            return $"Queued run {queued.RunId} of {id} once more (run-once key {key})" + (queued.Note is null ? "" : $": {queued.Note}");
        }));
    }
}
