using System.Globalization;

namespace Kairos.Host.Operations.Audit;

/// <summary>The detail text of an audit entry: the action's arguments that were given, as <c>name=value</c> pairs separated by "; ".</summary>
internal static class AuditDetail
{
    /// <summary>The pairs whose value is not null; null when none is.</summary>
    public static string? Of(params (string Name, string? Value)[] pairs)
    {
        var given = pairs.Where(p => p.Value is not null).Select(p => $"{p.Name}={p.Value}").ToList();
        return given.Count == 0 ? null : string.Join("; ", given);
    }

    /// <summary>An instant as ISO-8601 UTC to the second or below (<c>2026-01-05T10:00:00Z</c>); null stays null.</summary>
    public static string? Instant(DateTimeOffset? value) =>
        value?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}
