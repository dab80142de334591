using System.Net;
using System.Security.Claims;
using Kairos.Host.Operations.Endpoint;
using Kairos.Web.Http;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Kairos.Tests.Web.Security;

public sealed class RequestAccessTests
{
    private const string Full = "full-secret-0123456789";
    private const string ReadOnly = "read-secret-0123456789";
    private readonly LocalAccess _cli = new();
    private readonly EventLogger<RequestAccess> _log = new();

    private RequestAccess Access(string? token = null, string? readOnly = null) =>
        new(new KairosHttpOptions { AccessToken = token, ReadOnlyToken = readOnly }, _cli, _log);

    private static DefaultHttpContext Request(string method = "GET", string host = "127.0.0.1:5080", string? bearer = null, string? cookie = null, string path = "/api/jobs")
    {
        var context = new DefaultHttpContext();
        context.Request.Method = method;
        context.Request.Host = new HostString(host);
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Loopback;
        if (bearer is not null)
        {
            context.Request.Headers.Authorization = "Bearer " + bearer;
        }
        if (cookie is not null)
        {
            context.Request.Headers.Cookie = $"{RequestAccess.CookieName}={cookie}";
        }
        return context;
    }

    [Theory]
    [InlineData("127.0.0.1:5080")]
    [InlineData("127.0.0.2")]
    [InlineData("localhost:5080")]
    [InlineData("LOCALHOST")]
    [InlineData("kairos.localhost:5080")]
    [InlineData("[::1]:5080")]
    public void Check_LetsAnyoneDoEverything_WhenNoTokenIsSetAndTheHostIsLoopback(string host)
    {
        var access = Access();
        var context = Request("POST", host);

        Assert.Null(access.Check(context));
        Assert.Equal(new AccessDecision(AccessLevel.Full, "web") { Open = true }, access.Of(context));
    }

    [Theory]
    [InlineData("evil.example")]
    [InlineData("localhost.evil.example:5080")]
    [InlineData("127.0.0.1.evil.example")]
    [InlineData("192.168.1.5:5080")]
    [InlineData("")]
    public void Check_RefusesAForeignHost_WhenNoTokenIsSet_AsADnsRebindingPageWouldSendIt(string host)
    {
        var refusal = Access().Check(Request(host: host));

        Assert.Equal((403, RefusalKind.ForeignHost), (refusal?.Status, refusal?.Kind));
        Assert.Contains($"Host '{host}' is not a loopback name or address", refusal!.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(_log.Events);
        Assert.Equal((723, LogLevel.Warning), (logged.Id, logged.Level));
        Assert.Contains($"Refused GET /api/jobs from 127.0.0.1: Host '{host}'", logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_LetsTheAppsSignedInUserIn_OnAnyHost_WhenNoTokenIsSet()
    {
        var context = Request("POST", "ops.example.com");
        context.User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "ana")], "cookies"));

        Assert.Null(Access().Check(context));
        Assert.Equal("web:ana", Access().Of(context).Actor);
    }

    [Theory]
    [InlineData(null, "no access token: send 'Authorization: Bearer TOKEN'")]
    [InlineData("wrong-secret", "the access token sent matches none of this host's")]
    public void Check_Answers401AndLogsWhyWithoutTheToken_WhenTheTokenIsMissingOrWrong(string? sent, string why)
    {
        var refusal = Access(Full, ReadOnly).Check(Request(bearer: sent, host: "kairos.example.com"));

        Assert.Equal((401, RefusalKind.NoAccess), (refusal?.Status, refusal?.Kind));
        Assert.StartsWith(why, refusal!.Detail, StringComparison.Ordinal);
        var logged = Assert.Single(_log.Events);
        Assert.Equal(720, logged.Id);
        Assert.Contains("Refused GET /api/jobs from 127.0.0.1: " + why, logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-secret", logged.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Full, logged.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Check_GivesFullAccess_ForTheAccessToken_AsBearerOrAsTheSignInCookie()
    {
        var access = Access(Full, ReadOnly);

        Assert.Null(access.Check(Request("POST", "kairos.example.com", bearer: Full)));
        Assert.Null(access.Check(Request("DELETE", "kairos.example.com", cookie: Full)));
        Assert.Equal(AccessLevel.Full, access.Of(Request(cookie: Full)).Level);
        Assert.Empty(_log.Events);
    }

    [Theory]
    [InlineData("GET", null)]
    [InlineData("HEAD", null)]
    [InlineData("POST", 403)]
    [InlineData("DELETE", 403)]
    [InlineData("PUT", 403)]
    public void Check_LetsTheReadOnlyTokenReadEverythingAndChangeNothing(string method, int? refused)
    {
        var refusal = Access(Full, ReadOnly).Check(Request(method, bearer: ReadOnly, path: "/api/jobs/a.job/pause"));

        Assert.Equal(refused, refusal?.Status);
        if (refusal is not null)
        {
            Assert.Equal(RefusalKind.ReadOnly, refusal.Kind);
            Assert.Equal($"read-only access: {method} /api/jobs/a.job/pause needs the full access token (Kairos:Http:AccessToken)", refusal.Detail);
            Assert.Equal(721, Assert.Single(_log.Events).Id);
        }
    }

    [Fact]
    public void Check_GivesTheClisEndpointTokenFullAccess_WhateverTokensAreSet_ActingForTheClisUser()
    {
        var context = Request("POST", "127.0.0.1:5080", bearer: _cli.Token);
        context.Request.Headers[ControlEndpoint.ActorHeader] = "cli:ana";

        Assert.Null(Access(Full, ReadOnly).Check(context));
        Assert.Equal(new AccessDecision(AccessLevel.Full, "cli:ana"), Access(Full, ReadOnly).Of(context));
        Assert.Equal("cli", Access(Full).Of(Request(bearer: _cli.Token)).Actor);
    }

    [Fact]
    public void Decide_IgnoresTheActorHeader_WithoutTheClisToken()
    {
        var context = Request(bearer: Full);
        context.Request.Headers[ControlEndpoint.ActorHeader] = "cli:someone-else";

        Assert.Equal("web", Access(Full).Of(context).Actor);
    }

    [Theory]
    [InlineData("cross-site", null)]
    [InlineData("same-site", null)]
    [InlineData(null, "http://evil.example")]
    [InlineData(null, "http://127.0.0.1:6000")]
    [InlineData(null, "null")]
    public void Check_RefusesACrossSiteWrite_EvenWithFullAccess(string? fetchSite, string? origin)
    {
        var context = Request("POST", "127.0.0.1:5080", cookie: Full);
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        var refusal = Access(Full).Check(context);

        Assert.Equal((403, RefusalKind.CrossSite), (refusal?.Status, refusal?.Kind));
        Assert.StartsWith("cross-site request refused: ", refusal!.Detail, StringComparison.Ordinal);
        Assert.Equal(722, Assert.Single(_log.Events).Id);
    }

    [Theory]
    [InlineData("same-origin", "http://127.0.0.1:5080")]
    [InlineData("none", null)]
    [InlineData(null, "http://localhost:5080")]
    public void Check_LetsASameOriginWriteThrough(string? fetchSite, string? origin)
    {
        var context = Request("POST", origin is null ? "127.0.0.1:5080" : new Uri(origin).Authority);
        if (fetchSite is not null)
        {
            context.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }
        if (origin is not null)
        {
            context.Request.Headers.Origin = origin;
        }

        Assert.Null(Access().Check(context));
    }

    [Fact]
    public void Check_LetsACrossSiteRead_Through()
    {
        var context = Request("GET");
        context.Request.Headers["Sec-Fetch-Site"] = "cross-site";

        Assert.Null(Access().Check(context));
    }
}
