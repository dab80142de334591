using System.Text;
using Kairos.Host.Operations;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Web.Api;

/// <summary>
/// The HTTP API: the scheduler API as JSON, in the shapes the CLI's <c>--json</c> prints (<see cref="JsonOutput"/>),
/// each request acting for the actor <see cref="RequestAccess"/> decides. Routes, under the prefix (<c>/api</c>):
/// GET jobs, jobs/ID, runs (job, status, trigger, from, to, limit, page), runs/ID, info, stats (job, since); POST jobs/ID/trigger (the body
/// is the run's data), jobs/ID/pause (<see cref="PauseRequest"/>), jobs/ID/resume; DELETE jobs/ID (history=keep|delete).
/// </summary>
internal static class ApiEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix, IServiceProvider kairos)
    {
        var operations = kairos.GetRequiredService<KairosOperations>();
        var access = kairos.GetRequiredService<RequestAccess>();
        var group = endpoints.MapGroup(prefix)
            .AddEndpointFilter(new AccessFilter(access))
            .AddEndpointFilter(new ApiErrors());
        KairosOperations As(HttpContext context) => operations.As(access.Of(context).Actor);

        group.MapGet("/jobs", (HttpContext c) => Json(As(c).Jobs()));
        group.MapGet("/jobs/{id}", (HttpContext c, string id) =>
        {
            var ops = As(c);
            ops.Scheduler.RequireJob(id);
            return Json(ops.Jobs().Single(j => j.Id == id));
        });
        group.MapGet("/runs", (HttpContext c, string? job, string? status, string? trigger, string? from, string? to, int? limit, string? page) =>
        {
            var (runs, next) = As(c).HistoryPage(job, status, limit ?? 50, trigger, from, to, page);
            return Json(new RunPageView(runs, next));
        });
        group.MapGet("/runs/{id}", (HttpContext c, string id) => Json(As(c).Run(id)));
        group.MapGet("/info", (HttpContext c) => Json(As(c).Info()));
        group.MapGet("/stats", (HttpContext c, string? job, string? since) => Json(As(c).Stats(job, since)));
        // The caller's W3C trace context (traceparent, tracestate) goes with the run: its span is the caller's child.
        group.MapPost("/jobs/{id}/trigger", async (HttpContext c, string id) =>
            Json(As(c).Trigger(id, await BodyAsync(c.Request).ConfigureAwait(false),
                c.Request.Headers["traceparent"].FirstOrDefault(), c.Request.Headers["tracestate"].FirstOrDefault())));
        group.MapPost("/jobs/{id}/pause", (HttpContext c, string id, PauseRequest? body) =>
        {
            As(c).Pause(id, body?.Reason, body?.Until);
            return Json(new { ok = true });
        });
        group.MapPost("/jobs/{id}/resume", (HttpContext c, string id) =>
        {
            As(c).Resume(id);
            return Json(new { ok = true });
        });
        group.MapDelete("/jobs/{id}", (HttpContext c, string id, string? history) => Json(As(c).Remove(id, history ?? RemovalView.Keep)));
        return group;
    }

    private static IResult Json<T>(T value) => Results.Json(value, JsonOutput.Options);

    /// <summary>The request's body as text, or null when it has none.</summary>
    private static async Task<string?> BodyAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().ConfigureAwait(false);
        return text.Length == 0 ? null : text;
    }
}
