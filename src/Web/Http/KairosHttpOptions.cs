namespace Kairos.Web.Http;

/// <summary>
/// Where and for whom the host's own web server serves the HTTP API and the dashboard (section <c>Kairos:Http</c>).
/// Used by <see cref="KairosWebBuilderExtensions.AddKairosHttpServer"/>, what the <c>kairos</c> executable runs; an app
/// that maps the API and the dashboard into its own pipeline also uses the access tokens.
/// </summary>
public sealed class KairosHttpOptions
{
    /// <summary>The configuration section: <c>Kairos:Http</c>.</summary>
    public const string SectionName = "Kairos:Http";

    /// <summary>
    /// The addresses to listen on, separated by <c>;</c> (<c>http://127.0.0.1:5080</c>; port 0 takes a free port).
    /// Empty switches the web server off. Any address other than a loopback one needs <see cref="AccessToken"/>.
    /// Default: <c>http://127.0.0.1:5080</c>.
    /// </summary>
    public string Urls { get; set; } = "http://127.0.0.1:5080";

    /// <summary>
    /// The token every request must carry for full access (<c>Authorization: Bearer TOKEN</c>, or the dashboard's
    /// sign-in). Null (the default) lets any request on a loopback address in; required when listening elsewhere.
    /// </summary>
    public string? AccessToken { get; set; }

    /// <summary>A second token that grants read-only access: every page and <c>GET</c>, no action. Default: null (none).</summary>
    public string? ReadOnlyToken { get; set; }
}
