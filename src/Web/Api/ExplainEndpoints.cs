using Kairos.Host.Operations.Explain;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Api;

/// <summary>
/// GET jobs/ID/explain (at: an ISO-8601 instant, default now; trigger: one trigger key): why the job did or did not
/// fire then, or what would stop its next fires (<see cref="KairosOperations.Explain"/>), as <c>kairos explain --json</c>.
/// </summary>
internal static class ExplainEndpoints
{
    public static void Map(RouteGroupBuilder group, Func<HttpContext, KairosOperations> @as)
    {
        group.MapGet("/jobs/{id}/explain", (HttpContext c, string id, string? at, string? trigger) => ApiEndpoints.Json(@as(c).Explain(id, at, trigger)))
            .WithName("ExplainJob")
            .WithSummary("Why a job did or did not fire around 'at' (ISO-8601, default now), of one 'trigger' or all: each scheduled instant and what became of it, or what would stop a future one")
            .Produces<ExplainView>().ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
