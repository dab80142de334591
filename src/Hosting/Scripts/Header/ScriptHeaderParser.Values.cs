using Kairos.Host.Text;

namespace Kairos.Host.Scripts.Header;

/// <summary>Header values read as durations, whole numbers and policy names, each error quoting the value.</summary>
internal sealed partial class ScriptHeaderParser
{
    private TimeSpan? Duration(ScriptHeaderLine line, TimeSpan minimum)
    {
        if (DurationText.TryParse(line.Value, out var duration) && duration >= minimum)
        {
            return duration;
        }
        var least = minimum > TimeSpan.Zero ? $" of at least {minimum.TotalSeconds:0.###} s" : " (zero or more)";
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected {DurationText.Forms}{least}");
        return null;
    }

    private int? Int(ScriptHeaderLine line, int minimum)
    {
        if (ScriptHeaderValues.TryParseInt(line.Value, out var value) && value >= minimum)
        {
            return value;
        }
        var least = minimum == int.MinValue ? "" : $" of at least {minimum}";
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected a whole number{least}");
        return null;
    }

    private TEnum? Enum<TEnum>(ScriptHeaderLine line) where TEnum : struct, System.Enum
    {
        if (ScriptHeaderValues.TryParseEnum<TEnum>(line.Value, out var value))
        {
            return value;
        }
        Invalid(line, $"{line.Key} '{line.Value}' is invalid: expected {ScriptHeaderValues.Names<TEnum>()}");
        return null;
    }
}
