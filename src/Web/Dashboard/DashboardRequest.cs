using Kairos.Web.Security;

namespace Kairos.Web.Dashboard;

/// <summary>
/// What one page request carries into the components that render it (scoped to the request): where the dashboard
/// lives, what the caller may do, the anti-forgery token its forms post back, and the message of the action just taken.
/// Filled by <see cref="DashboardEndpoints"/> before the page renders.
/// </summary>
internal sealed class DashboardRequest
{
    /// <summary>The dashboard's root path without a trailing slash (empty at the server's root, <c>/kairos</c> when mounted there).</summary>
    public string Base { get; set; } = "";

    public AccessLevel Level { get; set; } = AccessLevel.None;

    public string Actor { get; set; } = "web";

    /// <summary>Whether the caller may take actions: the forms are shown only then.</summary>
    public bool CanWrite => Level == AccessLevel.Full;

    /// <summary>The anti-forgery form field's name and the token for it.</summary>
    public string AntiforgeryField { get; set; } = "";

    public string AntiforgeryToken { get; set; } = "";

    /// <summary>The message the last action left (post-redirect-get); null when none.</summary>
    public FlashMessage? Flash { get; set; }

    /// <summary>Whether a token is needed here at all (<c>Kairos:Http:AccessToken</c> is set): the sign-in and sign-out links show then.</summary>
    public bool TokenRequired { get; set; }

    /// <summary>A link inside the dashboard: <paramref name="path"/> starts with <c>/</c>.</summary>
    public string Link(string path) => Base + path;
}
