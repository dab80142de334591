using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Views;
using Kairos.Host.Storage.Postgres;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Web.Api;

/// <summary>
/// The HTTP API: the scheduler API as JSON, in the shapes the CLI's <c>--json</c> prints (<see cref="JsonOutput"/>),
/// each request acting for the actor <see cref="RequestAccess"/> decides, each route named and described for the
/// OpenAPI document. Routes, under the prefix (<c>/api</c>): GET jobs, jobs/ID, runs (job, status, trigger, from, to,
/// limit, page), runs/ID, info, nodes; POST jobs/ID/trigger (the body is the run's data), jobs/ID/pause
/// (<see cref="PauseRequest"/>), jobs/ID/resume; DELETE jobs/ID (history=keep|delete); and the operator routes of
/// <see cref="OperatorEndpoints"/>.
/// </summary>
internal static class ApiEndpoints
{
    /// <summary>The tag of every route in the OpenAPI document.</summary>
    public const string Tag = "Kairos";

    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string prefix, IServiceProvider kairos)
    {
        var operations = kairos.GetRequiredService<KairosOperations>();
        var access = kairos.GetRequiredService<RequestAccess>();
        var group = endpoints.MapGroup(prefix)
            .AddEndpointFilter(new AccessFilter(access))
            .AddEndpointFilter(new ApiErrors())
            .WithTags(Tag)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        KairosOperations As(HttpContext context) => operations.As(access.Of(context).Actor);

        group.MapGet("/jobs", (HttpContext c) => Json(As(c).Jobs()))
            .WithName("ListJobs").WithSummary("Every job: state, schedule, next fire, triggers, pause, problems")
            .Produces<IReadOnlyList<JobView>>();
        group.MapGet("/jobs/{id}", (HttpContext c, string id) => Json(As(c).Job(id)))
            .WithName("GetJob").WithSummary("One job").Produces<JobView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/runs", (HttpContext c, string? job, string? status, string? trigger, string? from, string? to, string? limit, string? page) =>
        {
            var (runs, next) = As(c).HistoryPage(job, status, ApiQuery.Limit(limit, 50), trigger, from, to, page);
            return Json(new RunPageView(runs, next));
        })
            .WithName("ListRuns")
            .WithSummary("The run history, newest first, a page at a time: filter by job, status word, trigger key, from and to (ISO-8601); limit (default 50, at most 1000); page (nextPage of the previous page)")
            .Produces<RunPageView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/runs/{id}", (HttpContext c, string id) => Json(As(c).Run(id)))
            .WithName("GetRun").WithSummary("One run with its log, data and error").Produces<RunView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/info", (HttpContext c) => Json(As(c).Info()))
            .WithName("GetInfo").WithSummary("The scheduler: version, node, store, runs in progress, problems, plugins, scripts and nodes, as 'kairos info --json'")
            .Produces<IReadOnlyDictionary<string, object?>>();
        group.MapGet("/nodes", (HttpContext c) => Nodes(As(c)))
            .WithName("ListNodes").WithSummary("The cluster's nodes (this host alone on LiteDB): state, heartbeat, the job ids each can run and the runs each runs now")
            .Produces<IReadOnlyList<NodesInfoContributor.NodeView>>().ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/jobs/{id}/trigger", async (HttpContext c, string id) =>
            // The caller's W3C trace context (traceparent, tracestate) goes with the run: its span is the caller's child.
            Json(As(c).Trigger(id, await ApiBody.TextAsync(c.Request).ConfigureAwait(false),
                c.Request.Headers["traceparent"].FirstOrDefault(), c.Request.Headers["tracestate"].FirstOrDefault())))
            .WithName("TriggerJob").WithSummary("Queues a run now; the body, when any, is the run's data (JSON)")
            .Accepts<object>("application/json").Produces<TriggerResult>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/jobs/{id}/pause", async (HttpContext c, string id) =>
        {
            var body = await ApiBody.ReadAsync<PauseRequest>(c.Request, PauseRequest.Shape).ConfigureAwait(false);
            As(c).Pause(id, body?.Reason, body?.Until);
            return Json(DoneView.Instance);
        })
            .WithName("PauseJob").WithSummary("Pauses a job, with an optional reason and end (an ISO-8601 instant or a duration such as 2h)")
            .Accepts<PauseRequest>("application/json").Produces<DoneView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/jobs/{id}/resume", (HttpContext c, string id) =>
        {
            As(c).Resume(id);
            return Json(DoneView.Instance);
        })
            .WithName("ResumeJob").WithSummary("Resumes a paused job").Produces<DoneView>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/jobs/{id}", (HttpContext c, string id, string? history) => Json(As(c).Remove(id, history ?? RemovalView.Keep)))
            .WithName("RemoveJob").WithSummary("Removes an orphaned job (no plugin or script declares it); history=keep (default) or delete")
            .Produces<RemovalView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
        OperatorEndpoints.Map(group, As);
        ExplainEndpoints.Map(group, As);
        BackfillEndpoints.Map(group, As);
        RunOnceEndpoints.Map(group, As);
        return group;
    }

    internal static IResult Json<T>(T value) => Results.Json(value, JsonOutput.Options);

    /// <summary>The <c>nodes</c> section of <c>info</c>; 503 when the cluster's database does not answer.</summary>
    private static IResult Nodes(KairosOperations operations)
    {
        var section = operations.Scheduler.Sections().Where(s => s.Section == "nodes").Select(s => s.Snapshot).FirstOrDefault();
        return section switch
        {
            IEnumerable<NodesInfoContributor.NodeView> nodes => Json(nodes.ToList()),
            null => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: "this host reports no nodes section"),
            _ => Results.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, detail: JsonOutput.Serialize(section)),
        };
    }
}
