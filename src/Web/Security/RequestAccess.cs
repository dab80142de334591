using System.Security.Cryptography;
using System.Text;
using Kairos.Host.Operations;
using Kairos.Web.Http;
using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Security;

/// <summary>
/// Decides what one request may do and who it acts for (the actor recorded with its actions): the host's own CLI by
/// <see cref="LocalAccess"/> (acting for <c>X-Kairos-Actor</c>), the full and read-only tokens of
/// <see cref="KairosHttpOptions"/> (<c>Authorization: Bearer</c> or the dashboard's sign-in cookie), the app's own
/// signed-in user when mounted in an app, and anyone when no token is set (loopback only, as the settings check).
/// </summary>
internal sealed class RequestAccess(KairosHttpOptions options, LocalAccess? local)
{
    /// <summary>The cookie the dashboard's sign-in sets to the token given.</summary>
    public const string CookieName = "kairos_token";

    private const string LevelKey = "kairos.access";
    private const string ActorKey = "kairos.actor";

    public (AccessLevel Level, string Actor) Decide(HttpContext context)
    {
        var token = BearerToken(context.Request) ?? context.Request.Cookies[CookieName];
        if (local is not null && Matches(token, local.Token))
        {
            var actor = context.Request.Headers[ControlEndpoint.ActorHeader].ToString();
            return (AccessLevel.Full, actor.Length > 0 ? actor : "cli");
        }
        var who = context.User.Identity is { IsAuthenticated: true, Name: { Length: > 0 } name } ? "web:" + name : "web";
        if (Matches(token, options.AccessToken))
        {
            return (AccessLevel.Full, who);
        }
        if (Matches(token, options.ReadOnlyToken))
        {
            return (AccessLevel.Read, who);
        }
        return string.IsNullOrEmpty(options.AccessToken) ? (AccessLevel.Full, who) : (AccessLevel.None, who);
    }

    /// <summary>Decides once per request and keeps the answer on it.</summary>
    public (AccessLevel Level, string Actor) Of(HttpContext context)
    {
        if (context.Items[LevelKey] is AccessLevel level && context.Items[ActorKey] is string actor)
        {
            return (level, actor);
        }
        var decided = Decide(context);
        context.Items[LevelKey] = decided.Level;
        context.Items[ActorKey] = decided.Actor;
        return decided;
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? header["Bearer ".Length..].Trim() : null;
    }

    /// <summary>Constant-time comparison, so the time of a refusal tells nothing about the secret.</summary>
    private static bool Matches(string? given, string? secret) =>
        !string.IsNullOrEmpty(given) && !string.IsNullOrEmpty(secret)
        && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), Encoding.UTF8.GetBytes(secret));
}
