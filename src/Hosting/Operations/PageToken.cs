using System.Buffers.Text;
using System.Text;

namespace Kairos.Host.Operations;

/// <summary>
/// The opaque <see cref="RunPage.NextPageToken"/>: the id of the last run of a page, which the next page reads before
/// (keyset paging), in URL-safe base64 so callers treat it as a token and not as a run id.
/// </summary>
internal static class PageToken
{
    private const string Prefix = "runs-before:";

    public static string For(string lastRunId) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(Prefix + lastRunId));

    /// <summary>The run id a token reads before; an <see cref="ArgumentException"/> quoting a token this class did not make.</summary>
    public static string RunIdOf(string token)
    {
        string? text = null;
        try
        {
            text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        }
        catch (FormatException)
        {
        }
        return text is not null && text.StartsWith(Prefix, StringComparison.Ordinal) && text.Length > Prefix.Length
            ? text[Prefix.Length..]
            : throw new ArgumentException($"page token '{token}' is invalid: expected the NextPageToken of a previous page", nameof(token));
    }
}
