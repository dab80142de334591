using Kairos.Host.Hosting;

namespace Kairos.Host.Scheduling.Calendars;

/// <summary>
/// The exclusion calendars of a host by name (ignoring case), read once from <see cref="KairosOptions.Calendars"/>:
/// which trigger names a calendar that does not exist, and which fire a calendar excludes.
/// </summary>
internal sealed class CalendarSet
{
    private readonly Dictionary<string, ExclusionCalendar> _calendars;

    private CalendarSet(Dictionary<string, ExclusionCalendar> calendars) => _calendars = calendars;

    /// <summary>No calendar at all.</summary>
    public static CalendarSet Empty { get; } = new(new Dictionary<string, ExclusionCalendar>(StringComparer.OrdinalIgnoreCase));

    public IReadOnlyCollection<string> Names => _calendars.Keys;

    /// <summary>Reads every calendar; the bad values go to <paramref name="errors"/> and their calendars are left out.</summary>
    public static CalendarSet Read(IEnumerable<KeyValuePair<string, KairosCalendar>> settings, List<string> errors)
    {
        var calendars = new Dictionary<string, ExclusionCalendar>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, calendar) in settings)
        {
            if (CalendarParser.Parse(name, calendar, $"{KairosOptions.SectionName}:Calendars:{name}", errors) is { } read)
            {
                calendars[name] = read;
            }
        }
        return new CalendarSet(calendars);
    }

    /// <summary>The calendars of <paramref name="options"/>; a bad one is left out (the options validator stops the host for it).</summary>
    public static CalendarSet From(KairosOptions options) => Read(options.Calendars, []);

    /// <summary>Null when every calendar <paramref name="spec"/> names exists; else what is wrong, quoting the name.</summary>
    public string? Unknown(TriggerSpec spec)
    {
        foreach (var name in spec.Calendars)
        {
            if (!_calendars.ContainsKey(name))
            {
                var known = _calendars.Count == 0 ? "none is configured" : "expected one of " + string.Join(", ", _calendars.Keys.Order(StringComparer.Ordinal).Select(n => $"'{n}'"));
                return $"trigger '{spec.Key}': calendar '{name}' is not defined under {KairosOptions.SectionName}:Calendars: {known}";
            }
        }
        return null;
    }

    /// <summary>
    /// Why the fire of <paramref name="spec"/> at <paramref name="instant"/> is excluded (<c>excluded by calendar 'holidays'
    /// (2026-12-25)</c>), or null when no calendar it names excludes it. A name that is not defined excludes nothing.
    /// </summary>
    public string? Exclusion(TriggerSpec spec, DateTimeOffset instant)
    {
        foreach (var name in spec.Calendars)
        {
            if (_calendars.TryGetValue(name, out var calendar) && calendar.Find(instant) is { } window)
            {
                return $"excluded by calendar '{calendar.Name}' ({window.Text})";
            }
        }
        return null;
    }
}
