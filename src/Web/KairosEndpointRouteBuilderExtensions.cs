using Kairos.Web.Api;
using Kairos.Web.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web;

/// <summary>Maps Kairos's HTTP API and dashboard into an ASP.NET Core app that embeds Kairos (after <see cref="KairosWebBuilderExtensions.AddKairosWeb"/>).</summary>
public static class KairosEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps the HTTP API under <paramref name="prefix"/>. The result takes the app's own conventions, such as
    /// <c>.RequireAuthorization("ops")</c>; Kairos's access tokens, when set, apply as well.
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="prefix">Where the API lives. Default: <c>/kairos/api</c>.</param>
    /// <returns>The API's route group.</returns>
    public static IEndpointConventionBuilder MapKairosApi(this IEndpointRouteBuilder endpoints, string prefix = "/kairos/api")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return ApiEndpoints.Map(endpoints, prefix, endpoints.ServiceProvider);
    }

    /// <summary>
    /// Maps the web dashboard at <paramref name="path"/>, as Hangfire's dashboard is mounted: the result takes the app's
    /// own authorization policy (<c>.RequireAuthorization("ops")</c>).
    /// </summary>
    /// <param name="endpoints">The app's endpoints.</param>
    /// <param name="path">Where the dashboard lives. Default: <c>/kairos</c>.</param>
    /// <returns>The dashboard's route group.</returns>
    public static IEndpointConventionBuilder MapKairosDashboard(this IEndpointRouteBuilder endpoints, string path = "/kairos")
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        return DashboardEndpoints.Map(endpoints, path, endpoints.ServiceProvider);
    }
}
