using Kairos.Host.Operations;
using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Api;

/// <summary>
/// Turns the scheduler API's refusals into answers (RFC 9457 problem details, the sentence in <c>detail</c>): an
/// unknown job or run 404, bad input (<see cref="ArgumentException"/>, <see cref="OperationException"/>) 400, an
/// action the scheduler does not support (<see cref="NotSupportedException"/>) 501.
/// Anything else is the host's fault: logged by ASP.NET Core and answered 500.
/// </summary>
internal sealed class ApiErrors : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context).ConfigureAwait(false);
        }
        catch (JobNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: ErrorText.Of(e));
        }
        catch (RunNotFoundException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, detail: ErrorText.Of(e));
        }
        catch (Exception e) when (e is ArgumentException or OperationException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, detail: ErrorText.Of(e));
        }
        catch (NotSupportedException e)
        {
            // An action this build of the scheduler does not have (yet).
            return Results.Problem(statusCode: StatusCodes.Status501NotImplemented, detail: e.Message);
        }
    }
}
