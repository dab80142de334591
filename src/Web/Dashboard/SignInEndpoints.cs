using Kairos.Web.Dashboard.Pages;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The sign-in of a host that needs its access token (<c>Kairos:Http:AccessToken</c>): a form that takes the token and
/// keeps it in the <see cref="RequestAccess.CookieName"/> cookie (HttpOnly, SameSite=Strict, Secure on https), which
/// <see cref="RequestAccess"/> reads like a bearer token. Reachable without access; the form is anti-forgery checked too.
/// </summary>
internal static partial class SignInEndpoints
{
    public static void Map(IEndpointRouteBuilder group, DashboardPages pages)
    {
        group.MapGet("/signin", (HttpContext c, string? @return) =>
            pages.Render<SignIn>(c, new Dictionary<string, object?> { ["Return"] = LocalPath(@return) }));
        group.MapPost("/signin", async (HttpContext c) =>
        {
            var basePath = pages.BaseOf(c);
            var logger = c.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Kairos.Web.Dashboard");
            try
            {
                await c.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(c).ConfigureAwait(false);
            }
            catch (AntiforgeryValidationException e)
            {
                LogForgery(logger, e.Message);
                new FlashMessage(false, "The sign-in form was refused: it came without this dashboard's anti-forgery token (reload the page and try again)").Set(c, basePath);
                return Results.Redirect(basePath + "/signin");
            }
            var form = await c.Request.ReadFormAsync(c.RequestAborted).ConfigureAwait(false);
            var token = form["token"].ToString().Trim();
            var back = LocalPath(form["return"]);
            // The token decides, as it would on this request (its Host too: a host with no token set is open on loopback).
            var probe = new DefaultHttpContext();
            probe.Request.Host = c.Request.Host;
            probe.Request.Headers.Authorization = "Bearer " + token;
            var level = token.Length == 0 ? AccessLevel.None : pages.Access.Decide(probe).Level;
            if (level == AccessLevel.None)
            {
                LogRefused(logger, c.Connection.RemoteIpAddress?.ToString() ?? "?");
                new FlashMessage(false, "That token is not this host's access token (Kairos:Http:AccessToken or ReadOnlyToken)").Set(c, basePath);
                return Results.Redirect(basePath + "/signin" + (back == "/" ? "" : "?return=" + Uri.EscapeDataString(back)));
            }
            c.Response.Cookies.Append(RequestAccess.CookieName, token, DashboardCookie.For(c, basePath));
            new FlashMessage(true, level == AccessLevel.Full ? "Signed in" : "Signed in with read-only access").Set(c, basePath);
            return Results.Redirect(basePath + back);
        });
        group.MapPost("/signout", async (HttpContext c) =>
        {
            var basePath = pages.BaseOf(c);
            try
            {
                await c.RequestServices.GetRequiredService<IAntiforgery>().ValidateRequestAsync(c).ConfigureAwait(false);
                c.Response.Cookies.Delete(RequestAccess.CookieName, DashboardCookie.For(c, basePath));
                new FlashMessage(true, "Signed out").Set(c, basePath);
            }
            catch (AntiforgeryValidationException)
            {
                new FlashMessage(false, "The sign-out form was refused: reload the page and try again").Set(c, basePath);
            }
            return Results.Redirect(basePath + "/signin");
        });
    }

    /// <summary>Where to go after signing in: a path inside the dashboard (never another site), <c>/</c> by default.</summary>
    private static string LocalPath(string? path) =>
        path is { Length: > 0 } p && p[0] == '/' && !p.StartsWith("//", StringComparison.Ordinal) && !p.Contains('\\', StringComparison.Ordinal) ? p : "/";

    [LoggerMessage(EventId = 762, Level = LogLevel.Warning, Message = "Dashboard sign-in refused from {Remote}: the token given is not this host's")]
    private static partial void LogRefused(ILogger logger, string remote);

    [LoggerMessage(EventId = 763, Level = LogLevel.Warning, Message = "Dashboard sign-in form refused (no valid anti-forgery token): {Reason}")]
    private static partial void LogForgery(ILogger logger, string reason);
}
