using Kairos.Web.Dashboard.Pages;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The web dashboard: server-rendered pages (Razor components rendered per request, no client framework), under a
/// path of the app's choosing, behind the same access rule as the API.
/// </summary>
internal static class DashboardEndpoints
{
    public static RouteGroupBuilder Map(IEndpointRouteBuilder endpoints, string path, IServiceProvider kairos)
    {
        var access = kairos.GetRequiredService<RequestAccess>();
        var group = endpoints.MapGroup(path).AddEndpointFilter(new AccessFilter(access));
        group.MapGet("/", () => new RazorComponentResult<Overview>());
        return group;
    }
}
