using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Statistics;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Api;

/// <summary>
/// The API's operator actions beyond trigger, pause and resume, and what they leave behind (#20): POST runs/ID/cancel,
/// runs/ID/retry, jobs/ID/enable, jobs/ID/disable (<see cref="DisableRequest"/>); GET audit (job, limit, page) and
/// stats (job, since: <see cref="KairosOperations.Stats"/>). Each action calls <see cref="KairosOperations"/> as the
/// request's actor, which records it in the audit trail.
/// </summary>
internal static class OperatorEndpoints
{
    public static void Map(RouteGroupBuilder group, Func<HttpContext, KairosOperations> @as)
    {
        group.MapPost("/runs/{id}/cancel", (HttpContext c, string id) =>
        {
            @as(c).Cancel(id);
            return ApiEndpoints.Json(DoneView.Instance);
        })
            .WithName("CancelRun").WithSummary("Asks a running run to stop (its job's cancellation token)")
            .Produces<DoneView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/runs/{id}/retry", (HttpContext c, string id) => ApiEndpoints.Json(@as(c).Retry(id)))
            .WithName("RetryRun").WithSummary("Runs a failed, timed-out or interrupted run again as a new attempt of the same fire (same trigger, instant and data)")
            .Produces<TriggerResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/jobs/{id}/enable", (HttpContext c, string id) =>
        {
            @as(c).Enable(id);
            return ApiEndpoints.Json(DoneView.Instance);
        })
            .WithName("EnableJob").WithSummary("Switches back on a job that disable switched off")
            .Produces<DoneView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/jobs/{id}/disable", async (HttpContext c, string id) =>
        {
            var body = await ApiBody.ReadAsync<DisableRequest>(c.Request, DisableRequest.Shape).ConfigureAwait(false);
            @as(c).Disable(id, body?.Reason);
            return ApiEndpoints.Json(DoneView.Instance);
        })
            .WithName("DisableJob").WithSummary("Switches a job off until enabled (kept across restarts), with an optional reason")
            .Accepts<DisableRequest>("application/json").Produces<DoneView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/audit", (HttpContext c, string? job, string? limit, string? page) =>
            ApiEndpoints.Json(@as(c).Audit(job, ApiQuery.Limit(limit, 50), page)))
            .WithName("ListAudit").WithSummary("The audit trail of operator actions (who, when, what), newest first, of one job or all, a page at a time")
            .Produces<AuditPageView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/stats", (HttpContext c, string? job, string? since) => ApiEndpoints.Json(@as(c).Stats(job, since)))
            .WithName("GetStats").WithSummary("Run counts by status, success rate, p50/p95/max duration and lateness of the runs of one job or all scheduled in the last 'since' (a duration, default 1d), as 'kairos stats --json'")
            .Produces<RunStatsView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
