using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Security;

/// <summary>
/// The access rule on every API and dashboard endpoint (<see cref="RequestAccess.Check"/>): a request with no access
/// is answered 401, a write with read-only access or from another site 403, a token-less request to a foreign
/// <c>Host</c> 403; each as problem details whose <c>detail</c> says why.
/// </summary>
internal sealed class AccessFilter(RequestAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        if (access.Check(context.HttpContext) is { } refusal)
        {
            if (refusal.Status == StatusCodes.Status401Unauthorized)
            {
                context.HttpContext.Response.Headers.WWWAuthenticate = "Bearer";
            }
            return Results.Problem(statusCode: refusal.Status, detail: refusal.Detail);
        }
        return await next(context).ConfigureAwait(false);
    }
}
