using Kairos.Host.Catalog.Settings;
using Kairos.Host.Listeners;
using Kairos.Host.Listeners.Webhooks;
using Kairos.Host.Settings;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Telemetry;
using Kairos.Host.Watchdog;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Hosting;

/// <summary>
/// Keys in the <c>Kairos</c> section that no setting reads: a misspelt <c>MaxConcurency</c> would otherwise be ignored
/// without a word. The section's layout: <see cref="KairosOptions"/> at its root, <see cref="JobOverride"/> under
/// <c>Jobs:ID</c> (any job id, <c>*</c> below) with <see cref="TriggerOverride"/> under its <c>Triggers:KEY</c>,
/// <see cref="ClusterOptions"/> under <c>Cluster</c>, <see cref="KairosCalendar"/> under <c>Calendars:NAME</c>, <see cref="ListenerOptions"/> under <c>Listeners</c>,
/// <c>Notifications:Webhooks</c> (checked by its own binder), <c>Http</c> and <c>Telemetry</c> (read by the web server and the
/// executable), and <c>Plugins:NAME:...</c>, which is each plugin's own
/// and never checked.
/// </summary>
internal static class UnknownSettings
{
    /// <summary>A section whose keys are all names chosen by the user (job ids, trigger keys), each a section of its own.</summary>
    private sealed class AnyKeys;

    private static readonly Dictionary<string, Type?> Sections = new(StringComparer.OrdinalIgnoreCase)
    {
        [KairosOptions.SectionName] = typeof(KairosOptions),
        [JobOverrides.SectionPath] = typeof(AnyKeys),
        [JobOverrides.SectionPath + ":*"] = typeof(JobOverride),
        [JobOverrides.SectionPath + ":*:Triggers"] = typeof(AnyKeys),
        [JobOverrides.SectionPath + ":*:Triggers:*"] = typeof(TriggerOverride),
        [ClusterOptions.SectionName] = typeof(ClusterOptions),
        [KairosOptions.SectionName + ":Plugins"] = null,
        [ListenerOptions.SectionName] = typeof(ListenerOptions),
        [NotificationOptions.SectionName] = typeof(NotificationOptions),
        // Each entry is checked by its own binder and validator.
        [NotificationOptions.SectionName + ":Webhooks"] = null,
        // The settings of Kairos.AspNetCore (the web server: Kairos.Web.Http.KairosHttpOptions): bound and checked where they are read.
        [KairosOptions.SectionName + ":Http"] = null,
        // The kairos executable's export of the meter and the spans.
        [TelemetryOptions.SectionName] = typeof(TelemetryOptions),
        // The exclusion calendars by name (KairosCalendar).
        [CalendarSettings.SectionPath] = typeof(AnyKeys),
        [CalendarSettings.SectionPath + ":*"] = typeof(KairosCalendar),
        // Lists (Dates:0) or one comma-separated value: read by CalendarSettings, checked by the options validator.
        [CalendarSettings.SectionPath + ":*:Dates"] = null,
        [CalendarSettings.SectionPath + ":*:Weekly"] = null,
        [WatchdogOptions.SectionName] = typeof(WatchdogOptions),
    };

    /// <summary>One message per unknown key (an unknown section counts once), in configuration order.</summary>
    public static IReadOnlyList<string> Find(IConfiguration configuration)
    {
        var unknown = new List<string>();
        Check(configuration.GetSection(KairosOptions.SectionName), unknown);
        return unknown;
    }

    private static void Check(IConfigurationSection section, List<string> unknown) => Check(section, section.Path, unknown);

    /// <param name="section">The section to check.</param>
    /// <param name="pattern">The section's path with <c>*</c> for the names the user chose.</param>
    /// <param name="unknown">Where the unknown keys are added.</param>
    private static void Check(IConfigurationSection section, string pattern, List<string> unknown)
    {
        if (!Sections.TryGetValue(pattern, out var options) || options is null)
        {
            return;
        }
        if (options == typeof(AnyKeys))
        {
            foreach (var child in section.GetChildren())
            {
                Check(child, pattern + ":*", unknown);
            }
            return;
        }
        var settings = SettingsBinder.Settings(options).Select(p => p.Name).ToList();
        var nested = Sections.Keys
            .Where(k => k.StartsWith(pattern + ":", StringComparison.OrdinalIgnoreCase) && k.IndexOf(':', pattern.Length + 1) < 0)
            .Select(k => k[(pattern.Length + 1)..])
            .ToList();
        foreach (var child in section.GetChildren())
        {
            if (nested.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                Check(child, pattern + ":" + child.Key, unknown);
            }
            else if (!settings.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                var known = settings.Concat(nested).ToList();
                var closest = known.MinBy(k => Distance(k.ToUpperInvariant(), child.Key.ToUpperInvariant()));
                unknown.Add(closest is not null && Distance(closest.ToUpperInvariant(), child.Key.ToUpperInvariant()) <= Math.Max(2, child.Key.Length / 4)
                    ? $"unknown setting {child.Path} is ignored: did you mean {section.Path}:{closest}?"
                    : $"unknown setting {child.Path} is ignored: {section.Path} has {string.Join(", ", known)}");
            }
        }
    }

    /// <summary>Levenshtein distance: the fewest single-character edits from one key to the other.</summary>
    private static int Distance(string a, string b)
    {
        var previous = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var current = new int[b.Length + 1];
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }
            previous = current;
        }
        return previous[b.Length];
    }
}
