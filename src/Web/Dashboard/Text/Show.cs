using System.Globalization;

namespace Kairos.Web.Dashboard.Text;

/// <summary>How the pages write instants, durations and rates: UTC, invariant culture, short.</summary>
internal static class Show
{
    public static string When(DateTimeOffset? instant) =>
        instant is { } at ? at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " UTC" : "—";

    /// <summary>An instant in a time zone, with its offset.</summary>
    public static string In(DateTimeOffset instant, TimeZoneInfo zone) =>
        TimeZoneInfo.ConvertTime(instant, zone).ToString("yyyy-MM-dd HH:mm:ss zzz", CultureInfo.InvariantCulture);

    /// <summary>The ISO-8601 form for a <c>time</c> element's <c>datetime</c>.</summary>
    public static string Iso(DateTimeOffset? instant) =>
        instant?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "";

    public static string Duration(double? milliseconds) => milliseconds switch
    {
        null => "—",
        < 1000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms"),
        < 60_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.0} s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(milliseconds.Value / 60_000):0} min {milliseconds.Value % 60_000 / 1000:0} s"),
    };

    public static string Rate(double? rate) => rate is { } r ? string.Create(CultureInfo.InvariantCulture, $"{r * 100:0.#} %") : "—";

    public static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    /// <summary>The zone of a trigger, UTC when the id is unknown here.</summary>
    public static TimeZoneInfo Zone(string? id)
    {
        if (string.IsNullOrEmpty(id))
        {
            return TimeZoneInfo.Utc;
        }
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : TimeZoneInfo.Utc;
    }
}
