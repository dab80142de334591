using System.Globalization;
using Kairos.Host.Text;

namespace Kairos.Host.Scripts.Header;

/// <summary>Parses the value forms of script headers: numbers and kebab-case policy names (durations: <see cref="Text.DurationText"/>).</summary>
internal static class ScriptHeaderValues
{
    public static bool TryParseInt(string text, out int value) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value);

    public static bool TryParseNumber(string text, out double value) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);

    /// <summary>Reads <c>fire-once</c>, <c>FireOnce</c> or <c>fireonce</c> as <c>FireOnce</c>; numbers are refused.</summary>
    public static bool TryParseEnum<TEnum>(string text, out TEnum value) where TEnum : struct, Enum
    {
        var name = text.Trim().Replace("-", "", StringComparison.Ordinal).Replace("_", "", StringComparison.Ordinal);
        value = default;
        return name.Length > 0 && !char.IsDigit(name[0]) && Enum.TryParse(name, ignoreCase: true, out value) && Enum.IsDefined(value);
    }

    /// <summary>The accepted names of an enum in kebab case, for messages: <c>'fire-once', 'fire-all' or 'skip'</c>.</summary>
    public static string Names<TEnum>() where TEnum : struct, Enum
    {
        var names = Enum.GetNames<TEnum>().Select(n => $"'{KebabCase.Of(n)}'").ToArray();
        return names.Length == 1 ? names[0] : string.Join(", ", names[..^1]) + " or " + names[^1];
    }
}
