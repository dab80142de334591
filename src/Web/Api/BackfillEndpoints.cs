using Kairos.Host.Operations;
using Kairos.Host.Operations.Backfill;
using Kairos.Host.Operations.Views;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Api;

/// <summary>
/// The API of #16's backfill: POST jobs/ID/backfill (<see cref="BackfillRequest"/>), as
/// <c>kairos backfill --json</c>. Each action calls <see cref="KairosOperations"/> as the request's actor, which records
/// it in the audit trail.
/// </summary>
internal static class BackfillEndpoints
{
    public static void Map(RouteGroupBuilder group, Func<HttpContext, KairosOperations> @as)
    {
        group.MapPost("/jobs/{id}/backfill", async (HttpContext c, string id) =>
        {
            var body = await ApiBody.ReadAsync<BackfillRequest>(c.Request, BackfillRequest.Shape).ConfigureAwait(false)
                ?? throw new OperationException($"the body is missing: expected {BackfillRequest.Shape}");
            return ApiEndpoints.Json(@as(c).Backfill(id, body.From, body.To, body.Trigger, body.MaxParallel, body.DryRun));
        })
            .WithName("BackfillJob")
            .WithSummary($"Queues a run for every instant of a trigger in a range that has no run record yet (at most {KairosScheduler.MaxBackfillFires}); dryRun only lists them")
            .Accepts<BackfillRequest>("application/json").Produces<BackfillView>()
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status404NotFound);
    }
}
