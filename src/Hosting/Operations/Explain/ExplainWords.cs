using System.Globalization;

namespace Kairos.Host.Operations.Explain;

/// <summary>How the explainer's sentences write instants (ISO-8601 UTC to the second) and spans (<c>2h 5m</c>).</summary>
internal static class ExplainWords
{
    public static string When(DateTimeOffset? at) =>
        at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) : "an unknown time";

    /// <summary>A span in its two largest units: <c>3d 4h</c>, <c>5m 2s</c>, <c>850ms</c>.</summary>
    public static string Span(TimeSpan span)
    {
        span = span.Duration();
        if (span < TimeSpan.FromSeconds(1))
        {
            return $"{(int)span.TotalMilliseconds}ms";
        }
        span = TimeSpan.FromSeconds(Math.Round(span.TotalSeconds));
        (int Value, string Unit)[] units = [((int)span.TotalDays, "d"), (span.Hours, "h"), (span.Minutes, "m"), (span.Seconds, "s")];
        var first = Array.FindIndex(units, u => u.Value > 0);
        return string.Join(' ', units.Skip(first).Take(2).Where(u => u.Value > 0).Select(u => u.Value.ToString(CultureInfo.InvariantCulture) + u.Unit));
    }

    /// <summary>A hold as a phrase: <c>paused by cli:ann since 2026-01-05T10:00:00Z (upgrade), until resumed</c>.</summary>
    public static string Hold(ExplainHoldView hold) => hold.Kind switch
    {
        FireOutcome.Paused => $"paused by {hold.By ?? "?"} since {When(hold.SinceUtc)}{Reason(hold.Reason)}"
            + (hold.UntilUtc is { } until ? $", until {When(until)}" : ", until resumed"),
        FireOutcome.Disabled => $"disabled by {hold.By ?? "?"} since {When(hold.SinceUtc)}{Reason(hold.Reason)}, until 'kairos enable'",
        _ => $"switched off by configuration: {hold.Reason}",
    };

    private static string Reason(string? reason) => string.IsNullOrEmpty(reason) ? "" : $" ({reason})";
}
