using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Hosting;

/// <summary>
/// Binds <c>Kairos:Calendars:NAME</c> onto <see cref="KairosOptions.Calendars"/>: <c>TimeZone</c>, and <c>Dates</c> and
/// <c>Weekly</c> each as a list (<c>Dates:0</c>, <c>Dates:1</c>, a JSON array) or one comma-separated value. A calendar
/// of the same name set in code before is changed where configuration says something. The values are checked by
/// <see cref="KairosOptionsValidator"/>.
/// </summary>
internal sealed class CalendarSettings(IConfiguration? configuration) : IConfigureOptions<KairosOptions>
{
    public const string SectionPath = KairosOptions.SectionName + ":Calendars";

    public void Configure(KairosOptions options)
    {
        if (configuration is null)
        {
            return;
        }
        foreach (var section in configuration.GetSection(SectionPath).GetChildren())
        {
            if (!options.Calendars.TryGetValue(section.Key, out var calendar))
            {
                calendar = new KairosCalendar();
                options.Calendars[section.Key] = calendar;
            }
            if (section[nameof(KairosCalendar.TimeZone)] is { } zone)
            {
                calendar.TimeZone = zone.Trim();
            }
            Replace(calendar.Dates, section.GetSection(nameof(KairosCalendar.Dates)));
            Replace(calendar.Weekly, section.GetSection(nameof(KairosCalendar.Weekly)));
        }
    }

    private static void Replace(IList<string> list, IConfigurationSection section)
    {
        var values = section.Value is { } one
            ? one.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            : section.GetChildren().Select(c => c.Value).OfType<string>().ToArray();
        if (section.Value is null && values.Length == 0)
        {
            return;
        }
        list.Clear();
        foreach (var value in values)
        {
            list.Add(value);
        }
    }
}
