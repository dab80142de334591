using System.Net;
using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Security;

/// <summary>
/// Whether a request's <c>Host</c> header names this machine: <c>localhost</c> (and <c>*.localhost</c>, which resolvers
/// keep on loopback), 127.0.0.0/8 or <c>[::1]</c>. A page of another site that rebinds its own name to 127.0.0.1 still
/// sends its own name here, so an open (token-less) host refuses it.
/// </summary>
internal static class LoopbackHost
{
    public static bool Is(HostString host)
    {
        if (!host.HasValue)
        {
            return false;
        }
        var name = host.Host.TrimEnd('.');
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        return IPAddress.TryParse(name.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address);
    }
}
