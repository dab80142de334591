using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Security;

/// <summary>
/// The access rule on every API and dashboard endpoint: a request with no access is answered 401, a write
/// (anything but <c>GET</c> and <c>HEAD</c>) with read-only access 403.
/// </summary>
internal sealed class AccessFilter(RequestAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var (level, _) = access.Of(http);
        if (level == AccessLevel.None)
        {
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized,
                detail: "this host needs its access token: send 'Authorization: Bearer TOKEN' (Kairos:Http:AccessToken)");
        }
        if (level == AccessLevel.Read && !(HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method)))
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden,
                detail: $"read-only access: {http.Request.Method} {http.Request.Path} needs the full access token");
        }
        return await next(context).ConfigureAwait(false);
    }
}
