using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Security;

/// <summary>
/// Recognises a write that a page of another site made the browser send (cross-site request forgery, riding on the
/// dashboard's sign-in cookie): browsers mark it with <c>Sec-Fetch-Site: cross-site</c> or <c>same-site</c> (another
/// origin of the site), and with an <c>Origin</c> whose host and port differ from the request's <c>Host</c>. The CLI and
/// scripts send neither header and pass.
/// </summary>
internal static class CrossSiteRequest
{
    /// <summary>Why the request is cross-site, or null when nothing says it is.</summary>
    public static string? Why(HttpRequest request)
    {
        var site = request.Headers["Sec-Fetch-Site"].ToString();
        if (site.Equals("cross-site", StringComparison.OrdinalIgnoreCase) || site.Equals("same-site", StringComparison.OrdinalIgnoreCase))
        {
            return $"Sec-Fetch-Site is '{site}': a page of another origin sent it";
        }
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var from) || from.Scheme is not ("http" or "https"))
        {
            return $"Origin is '{origin}', not a web page of this host";
        }
        var host = request.Host;
        var port = host.Port ?? (request.IsHttps ? 443 : 80);
        return string.Equals(from.IdnHost.Trim('[', ']'), host.Host.Trim('[', ']'), StringComparison.OrdinalIgnoreCase) && from.Port == port
            ? null
            : $"Origin is '{origin}', not this host ('{host}')";
    }
}
