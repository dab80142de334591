using System.Buffers.Text;
using System.Text;

namespace Kairos.Host.Operations.Queries;

/// <summary>
/// The opaque <see cref="RunPage.NextPageToken"/>: the id of the last run of a page, which the next page reads before
/// (keyset paging), in URL-safe base64 so callers treat it as a token and not as a run id.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "runs-before:";
    private const string AuditPrefix = "audit-before:";

    public static string For(string lastRunId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastRunId));

    /// <summary>The run id a token reads before; an <see cref="ArgumentException"/> quoting a token this class did not make.</summary>
    public static string RunIdOf(string token) => IdOf(token, Prefix);

    /// <summary>The token of the audit trail's page after the entry <paramref name="lastEntryId"/>.</summary>
    public static string ForAudit(string lastEntryId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(AuditPrefix + lastEntryId));

    /// <summary>The audit entry id a token reads before; an <see cref="ArgumentException"/> quoting a token <see cref="ForAudit"/> did not make.</summary>
    public static string AuditIdOf(string token) => IdOf(token, AuditPrefix);

    private static string IdOf(string token, string prefix)
    {
        string? text = null;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
        }
        return text is not null && text.StartsWith(prefix, StringComparison.Ordinal) && text.Length > prefix.Length
            ? text[prefix.Length..]
            : throw new ArgumentException($"page token '{token}' is invalid: expected the NextPageToken of a previous page", nameof(token));
    }
}
