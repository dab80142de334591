using System.Globalization;
using System.Reflection;
using Kairos.Host.Text;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Settings;

/// <summary>
/// Binds a configuration section onto an options class, one public property per key. Unlike the configuration
/// binder, it reads <see cref="TimeSpan"/> settings as <see cref="DurationText"/> (<c>90s</c>, <c>5m</c>, <c>00:01:30</c>),
/// and a value it cannot read is a failure naming the setting, the value and what was expected, not an exception.
/// </summary>
internal static class SettingsBinder
{
    /// <summary>Sets each property of <paramref name="target"/> that <paramref name="sectionPath"/> has a value for.</summary>
    /// <returns>One message per value that could not be read; those properties keep their defaults.</returns>
    public static IReadOnlyList<string> Bind(IConfiguration configuration, string sectionPath, object target)
    {
        var failures = new List<string>();
        var section = configuration.GetSection(sectionPath);
        foreach (var property in Settings(target.GetType()))
        {
            if (section[property.Name] is not { } value)
            {
                continue;
            }
            if (TryRead(value, property.PropertyType, out var read, out var expected))
            {
                property.SetValue(target, read);
            }
            else
            {
                failures.Add($"{sectionPath}:{property.Name} is '{value}': expected {expected}");
            }
        }
        return failures;
    }

    /// <summary>The settings of an options class: its public instance properties with a public setter.</summary>
    public static IEnumerable<PropertyInfo> Settings(Type options) =>
        options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0);

    private static bool TryRead(string value, Type type, out object? read, out string expected)
    {
        if (Nullable.GetUnderlyingType(type) is { } underlying)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                read = null;
                expected = "";
                return true;
            }
            type = underlying;
        }
        read = null;
        expected = "";
        if (type == typeof(string))
        {
            read = value;
            return true;
        }
        if (type == typeof(TimeSpan))
        {
            expected = DurationText.Forms;
            var ok = DurationText.TryParse(value, out var duration);
            read = duration;
            return ok;
        }
        if (type == typeof(int))
        {
            expected = "a whole number";
            var ok = int.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number);
            read = number;
            return ok;
        }
        if (type == typeof(double))
        {
            expected = "a number";
            var ok = double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number);
            read = number;
            return ok;
        }
        if (type == typeof(bool))
        {
            expected = "true or false";
            var ok = bool.TryParse(value.Trim(), out var flag);
            read = flag;
            return ok;
        }
        if (type.IsEnum)
        {
            expected = string.Join(", ", Enum.GetNames(type).Select(n => $"'{n}'"));
            // The name in any case, or its kebab-case word as the JSON output spells it ('fire-once').
            var name = value.Trim().Replace("-", "", StringComparison.Ordinal);
            var ok = name.Length > 0 && !char.IsDigit(name[0]) && Enum.TryParse(type, name, ignoreCase: true, out read);
            return ok;
        }
        // A programming error, found by the tests that bind every options class: give the new type a reader above.
        throw new NotSupportedException($"settings of type {type} cannot be read from configuration");
    }
}
