using Kairos.Web.Http;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Kairos.Tests.Web.Security;

public sealed class AccessFilterTests
{
    private static readonly EndpointFilterDelegate Endpoint = _ => ValueTask.FromResult<object?>("the endpoint ran");

    private static AccessFilter Filter(string? token = null, string? readOnly = null) =>
        new(new RequestAccess(new KairosHttpOptions { AccessToken = token, ReadOnlyToken = readOnly }, local: null));

    private static DefaultEndpointFilterInvocationContext Call(string method, string? bearer = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString("127.0.0.1:5080");
        context.Request.Path = "/api/jobs/a.job/trigger";
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }
        return new DefaultEndpointFilterInvocationContext(context);
    }

    [Fact]
    public async Task InvokeAsync_Answers401ProblemWithABearerChallenge_AndSkipsTheEndpoint_WhenTheTokenIsMissing()
    {
        var call = Call("GET");

        var answer = Assert.IsType<ProblemHttpResult>(await Filter("secret").InvokeAsync(call, Endpoint));

        Assert.Equal(401, answer.StatusCode);
        Assert.StartsWith("no access token", answer.ProblemDetails.Detail, StringComparison.Ordinal);
        Assert.Equal("Bearer", call.HttpContext.Response.Headers.WWWAuthenticate.ToString());
    }

    [Fact]
    public async Task InvokeAsync_Answers403Problem_WhenTheReadOnlyTokenWrites()
    {
        var answer = Assert.IsType<ProblemHttpResult>(await Filter("secret", "reader").InvokeAsync(Call("POST", "reader"), Endpoint));

        Assert.Equal(403, answer.StatusCode);
        Assert.Equal("read-only access: POST /api/jobs/a.job/trigger needs the full access token (Kairos:Http:AccessToken)", answer.ProblemDetails.Detail);
    }

    [Theory]
    [InlineData("GET", "reader")]
    [InlineData("POST", "secret")]
    public async Task InvokeAsync_RunsTheEndpoint_WhenTheAccessAllowsTheRequest(string method, string token) =>
        Assert.Equal("the endpoint ran", await Filter("secret", "reader").InvokeAsync(Call(method, token), Endpoint));
}
