using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Dashboard;

/// <summary>
/// How the dashboard sets its cookies (the sign-in token, the message carried across a redirect): out of scripts'
/// reach, never sent by another site's request, over https only when the dashboard is served over https, and only
/// to the dashboard's own paths.
/// </summary>
internal static class DashboardCookie
{
    public static CookieOptions For(HttpContext context, string basePath) => new()
    {
        HttpOnly = true,
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        Path = basePath.Length == 0 ? "/" : basePath,
        IsEssential = true,
    };
}
