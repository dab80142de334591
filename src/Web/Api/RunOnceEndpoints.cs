using Kairos.Host.Operations.Control;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Api;

/// <summary>
/// The API of #16's run-once jobs: GET run-once (the ledger, as <c>kairos run-once list --json</c>) and POST
/// run-once/KEY/rerun (as <c>kairos run-once rerun KEY --json</c>, audited as the request's actor).
/// </summary>
internal static class RunOnceEndpoints
{
    public static void Map(RouteGroupBuilder group, Func<HttpContext, KairosOperations> @as)
    {
        group.MapGet("/run-once", (HttpContext c) => ApiEndpoints.Json(@as(c).RunOnce()))
            .WithName("ListRunOnce").WithSummary("The run-once ledger: each key with its job, the run it queued last and that run's state (queued, succeeded, failed)")
            .Produces<IReadOnlyList<RunOnceView>>();
        group.MapPost("/run-once/{key}/rerun", (HttpContext c, string key) => ApiEndpoints.Json(@as(c).RerunOnce(key)))
            .WithName("RerunOnce").WithSummary("Queues a run-once job's run once more (refused while its run is still queued)")
            .Produces<TriggerResult>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
