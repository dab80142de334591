using System.Net;

namespace Kairos.Web.Http;

/// <summary>The listening addresses of <see cref="KairosHttpOptions.Urls"/>, read once: each an absolute http(s) URL.</summary>
internal static class HttpAddresses
{
    /// <summary>The URLs, or the problem with the first that is not one (quoting it).</summary>
    public static IReadOnlyList<Uri> Parse(string? urls, out string? problem)
    {
        problem = null;
        var parsed = new List<Uri>();
        foreach (var text in (urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!Uri.TryCreate(text.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal), UriKind.Absolute, out var uri)
                || uri.Scheme is not ("http" or "https") || uri.AbsolutePath != "/")
            {
                problem = $"Kairos:Http:Urls has '{text}': expected an http or https address with a host and port, such as http://127.0.0.1:5080";
                return [];
            }
            parsed.Add(uri);
        }
        return parsed;
    }

    /// <summary>True when the address accepts connections from this machine only (<c>localhost</c>, 127.0.0.0/8, ::1).</summary>
    public static bool IsLoopback(Uri uri) =>
        uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
}
