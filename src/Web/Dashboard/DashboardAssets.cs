using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The dashboard's own stylesheet and live-update script, embedded in this assembly and served from
/// <c>assets/</c>: nothing is fetched from elsewhere, so the dashboard works offline.
/// </summary>
internal static class DashboardAssets
{
    public static void Map(IEndpointRouteBuilder group)
    {
        Serve(group, "kairos.css", "text/css; charset=utf-8");
        Serve(group, "kairos.js", "text/javascript; charset=utf-8");
    }

    private static void Serve(IEndpointRouteBuilder group, string name, string contentType)
    {
        var bytes = Read(name);
        group.MapGet("/assets/" + name, (HttpContext context) =>
        {
            context.Response.Headers.CacheControl = "public, max-age=3600";
            return Results.Bytes(bytes, contentType);
        });
    }

    private static byte[] Read(string name)
    {
        var resource = "Kairos.Web.Dashboard.Assets." + name;
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"the dashboard asset '{resource}' is not embedded in {typeof(DashboardAssets).Assembly.GetName().Name}: expected an EmbeddedResource of that name");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
