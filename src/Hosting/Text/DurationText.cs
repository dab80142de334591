using System.Globalization;

namespace Kairos.Host.Text;

/// <summary>
/// The one reading of a duration written by a person: script headers (<c>timeout = 90s</c>) and every
/// <see cref="TimeSpan"/> setting (<c>KAIROS_MisfireThreshold=90s</c>) accept the same forms.
/// </summary>
internal static class DurationText
{
    /// <summary>The accepted forms, for messages that say what was expected.</summary>
    public const string Forms = "a duration such as '90' (seconds), '90s', '500ms', '5m', '2h', '1d' or '00:05:00'";

    /// <summary>Reads <c>90</c> (seconds), <c>90s</c>, <c>500ms</c>, <c>1.5m</c>, <c>2h</c>, <c>1d</c> or <c>[d.]hh:mm:ss[.fff]</c>.</summary>
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        var value = text.Trim();
        if (value.Contains(':', StringComparison.Ordinal))
        {
            return TimeSpan.TryParse(value, CultureInfo.InvariantCulture, out duration);
        }
        var (number, unit) = value.EndsWith("ms", StringComparison.OrdinalIgnoreCase)
            ? (value[..^2], 0.001)
            : value.Length > 0 && char.IsLetter(value[^1])
                ? (value[..^1], char.ToLowerInvariant(value[^1]) switch { 's' => 1.0, 'm' => 60.0, 'h' => 3600.0, 'd' => 86400.0, _ => double.NaN })
                : (value, 1.0);
        if (double.IsNaN(unit)
            || !double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var amount)
            || !double.IsFinite(amount))
        {
            return false;
        }
        var seconds = amount * unit;
        if (Math.Abs(seconds) > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            return false;
        }
        duration = TimeSpan.FromSeconds(seconds);
        return true;
    }
}
