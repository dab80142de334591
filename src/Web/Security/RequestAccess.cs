using System.Security.Cryptography;
using System.Text;
using Kairos.Host.Operations.Endpoint;
using Kairos.Web.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kairos.Web.Security;

/// <summary>
/// Decides what one request may do and who it acts for (the actor recorded with its actions): the host's own CLI by
/// <see cref="LocalAccess"/> (acting for <c>X-Kairos-Actor</c>), the full and read-only tokens of
/// <see cref="KairosHttpOptions"/> (<c>Authorization: Bearer</c> or the dashboard's sign-in cookie), the app's own
/// signed-in user when mounted in an app, and anyone when no token is set, as long as the request names this machine in
/// its <c>Host</c> (loopback only, as the settings check; a DNS-rebinding page names its own site). <see cref="Check"/>
/// adds the rules on writes (no cross-site request, not with the read-only token) and logs every refusal.
/// </summary>
internal sealed class RequestAccess(KairosHttpOptions options, LocalAccess? local, ILogger<RequestAccess>? logger = null)
{
    /// <summary>The cookie the dashboard's sign-in sets to the token given.</summary>
    public const string CookieName = "kairos_token";

    private const string DecisionKey = "kairos.access";

    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    public AccessDecision Decide(HttpContext context)
    {
        var request = context.Request;
        var token = BearerToken(request) ?? request.Cookies[CookieName];
        if (local is not null && Matches(token, local.Token))
        {
            var actor = request.Headers[ControlEndpoint.ActorHeader].ToString();
            return new(AccessLevel.Full, actor.Length > 0 ? actor : "cli");
        }
        var user = context.User.Identity is { IsAuthenticated: true } identity ? identity : null;
        var who = user is { Name: { Length: > 0 } name } ? "web:" + name : "web";
        if (Matches(token, options.AccessToken))
        {
            return new(AccessLevel.Full, who);
        }
        if (Matches(token, options.ReadOnlyToken))
        {
            return new(AccessLevel.Read, who);
        }
        if (!string.IsNullOrEmpty(options.AccessToken))
        {
            return new(AccessLevel.None, who, string.IsNullOrEmpty(token)
                ? "no access token: send 'Authorization: Bearer TOKEN' (Kairos:Http:AccessToken or Kairos:Http:ReadOnlyToken), or sign in"
                : "the access token sent matches none of this host's (Kairos:Http:AccessToken, Kairos:Http:ReadOnlyToken)");
        }
        // No token set: the host listens on loopback only. A page of another site that rebinds its name to 127.0.0.1
        // reaches it with its own name in Host; an app's signed-in user has passed the app's own authentication.
        if (user is null && !LoopbackHost.Is(request.Host))
        {
            return new(AccessLevel.None, who,
                $"Host '{request.Host}' is not a loopback name or address and no access token is set (Kairos:Http:AccessToken): open access is for this machine only")
            { Open = true };
        }
        return new(AccessLevel.Full, who) { Open = true };
    }

    /// <summary>Decides once per request and keeps the answer on it.</summary>
    public AccessDecision Of(HttpContext context)
    {
        if (context.Items[DecisionKey] is AccessDecision decided)
        {
            return decided;
        }
        var decision = Decide(context);
        context.Items[DecisionKey] = decision;
        return decision;
    }

    /// <summary>
    /// Why the request may not go on, logged (never with its token), or null when it may: no access (401), a foreign
    /// <c>Host</c> on an open host (403), or a write (anything but GET, HEAD, OPTIONS) that is cross-site or read-only (403).
    /// </summary>
    public Refusal? Check(HttpContext context)
    {
        var request = context.Request;
        var decision = Of(context);
        var refusal = Refusal(decision, request);
        if (refusal is not null)
        {
            SecurityLog.Refused(_logger, refusal, request.Method, request.Path.ToString(),
                context.Connection.RemoteIpAddress?.ToString() ?? "an unknown address", decision.Actor);
        }
        return refusal;
    }

    private static Refusal? Refusal(AccessDecision decision, HttpRequest request)
    {
        if (decision.Level == AccessLevel.None)
        {
            return decision.Open
                ? new(StatusCodes.Status403Forbidden, RefusalKind.ForeignHost, decision.Why!)
                : new(StatusCodes.Status401Unauthorized, RefusalKind.NoAccess, decision.Why!);
        }
        if (!IsWrite(request.Method))
        {
            return null;
        }
        if (CrossSiteRequest.Why(request) is { } crossSite)
        {
            return new(StatusCodes.Status403Forbidden, RefusalKind.CrossSite,
                $"cross-site request refused: {crossSite}; {request.Method} {request.Path} must come from this host's own pages or a client such as the CLI");
        }
        return decision.Level == AccessLevel.Read
            ? new(StatusCodes.Status403Forbidden, RefusalKind.ReadOnly,
                $"read-only access: {request.Method} {request.Path} needs the full access token (Kairos:Http:AccessToken)")
            : null;
    }

    /// <summary>A request that changes something: anything but GET, HEAD and OPTIONS.</summary>
    public static bool IsWrite(string method) => !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

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
