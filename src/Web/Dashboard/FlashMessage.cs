using Microsoft.AspNetCore.Http;

namespace Kairos.Web.Dashboard;

/// <summary>
/// The outcome of a form's action, carried across its redirect (post-redirect-get) in a short-lived cookie of the
/// dashboard's path, read and cleared by the next page.
/// </summary>
internal sealed record FlashMessage(bool Ok, string Text)
{
    private const string CookieName = "kairos_flash";

    public void Set(HttpContext context, string basePath) =>
        context.Response.Cookies.Append(CookieName, (Ok ? "ok:" : "error:") + Text, DashboardCookie.For(context, basePath));

    /// <summary>The message waiting for this request, cleared so that it shows once; null when none.</summary>
    public static FlashMessage? Take(HttpContext context, string basePath)
    {
        if (context.Request.Cookies[CookieName] is not { Length: > 0 } value)
        {
            return null;
        }
        context.Response.Cookies.Delete(CookieName, DashboardCookie.For(context, basePath));
        return value.StartsWith("ok:", StringComparison.Ordinal) ? new FlashMessage(true, value[3..])
            : value.StartsWith("error:", StringComparison.Ordinal) ? new FlashMessage(false, value[6..])
            : null;
    }
}
