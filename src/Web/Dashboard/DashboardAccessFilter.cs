using Kairos.Web.Dashboard.Pages;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The API's access rule (<see cref="AccessFilter"/>) on the dashboard's pages and forms, answered as pages: a request
/// with no access gets a 401 page that links to the sign-in, a form posted with read-only access a 403 page.
/// </summary>
internal sealed class DashboardAccessFilter(RequestAccess access, DashboardPages pages) : IEndpointFilter
{
    private readonly AccessFilter _rule = new(access);

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var result = await _rule.InvokeAsync(context, next).ConfigureAwait(false);
        return result switch
        {
            ProblemHttpResult { StatusCode: StatusCodes.Status401Unauthorized } =>
                pages.Render<SignInNeeded>(context.HttpContext, new Dictionary<string, object?> { ["Return"] = Within(context.HttpContext) }, StatusCodes.Status401Unauthorized),
            ProblemHttpResult { StatusCode: StatusCodes.Status403Forbidden } =>
                pages.Message(context.HttpContext, StatusCodes.Status403Forbidden, "Read-only access",
                    $"read-only access: {context.HttpContext.Request.Method} {context.HttpContext.Request.Path} needs the full access token"),
            _ => result,
        };
    }

    /// <summary>The refused request's path and query inside the dashboard, to return to after the sign-in (a GET only).</summary>
    private string Within(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method))
        {
            return "/";
        }
        var full = context.Request.PathBase.Value + context.Request.Path.Value;
        var root = pages.BaseOf(context);
        var inside = full.StartsWith(root, StringComparison.Ordinal) ? full[root.Length..] : "/";
        return (inside.Length == 0 ? "/" : inside) + context.Request.QueryString.Value;
    }
}
