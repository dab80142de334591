namespace Kairos.Web.Security;

/// <summary>Why a request is refused: the HTTP status, the log event it is recorded with, and the sentence the caller reads.</summary>
internal sealed record Refusal(int Status, RefusalKind Kind, string Detail);

/// <summary>The kinds of refusal, each logged with its own event id (<see cref="SecurityLog"/>).</summary>
internal enum RefusalKind
{
    /// <summary>No token, or one that matches none of the host's (401).</summary>
    NoAccess,

    /// <summary>A write with the read-only token (403).</summary>
    ReadOnly,

    /// <summary>A write whose <c>Origin</c> or <c>Sec-Fetch-Site</c> says another site sent it (403).</summary>
    CrossSite,

    /// <summary>A request without a token whose <c>Host</c> is not a loopback name, as a DNS-rebinding page sends (403).</summary>
    ForeignHost,
}
