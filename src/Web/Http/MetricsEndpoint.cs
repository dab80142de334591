using Kairos.Host.Telemetry;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace Kairos.Web.Http;

/// <summary>
/// The Prometheus scrape endpoint, <c>/metrics</c>, on the host's own web server when <c>Kairos:Telemetry:Prometheus</c>
/// is true: OpenTelemetry's exporter reading the scheduler's meter provider (the executable registers it), behind the
/// API's access rule (a request without the token, when one is set, is answered 401).
/// </summary>
internal static class MetricsEndpoint
{
    public const string Path = "/metrics";

    public static void Map(IEndpointRouteBuilder endpoints, IServiceProvider kairos)
    {
        if (kairos.GetService<IOptions<TelemetryOptions>>() is not { Value.Prometheus: true } || kairos.GetService<MeterProvider>() is not { } meters)
        {
            return;
        }
        var access = kairos.GetRequiredService<RequestAccess>();
        endpoints.MapPrometheusScrapingEndpoint(Path, meters, branch => branch.Use(async (context, next) =>
        {
            if (access.Of(context).Level == AccessLevel.None)
            {
                context.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }
            await next(context).ConfigureAwait(false);
        }), optionsName: null);
    }
}
