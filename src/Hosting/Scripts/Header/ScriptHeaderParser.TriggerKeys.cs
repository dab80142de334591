using Kairos.Host.Catalog;
using Kairos.Host.Text;

namespace Kairos.Host.Scripts.Header;

/// <summary>The trigger keys of a header (cron, interval, tz, misfire, priority, jitter, calendar, data).</summary>
internal sealed partial class ScriptHeaderParser
{
    private void ApplyTriggerKey(ScriptTriggerDraft trigger, string key, ScriptHeaderLine line)
    {
        var value = line.Value;
        switch (key)
        {
            case "cron":
                if (value.Length == 0)
                {
                    Invalid(line, "cron has no value: expected a 5-field (minute hour day month weekday) or 6-field (second first) expression");
                }
                else
                {
                    trigger.Cron = value;
                    trigger.CronColumn = line.ValueColumn;
                }
                break;
            case "interval":
                if (Duration(line, TimeSpan.FromSeconds(1)) is { } period)
                {
                    trigger.Interval = period;
                }
                break;
            case "tz":
                trigger.TimeZone = value;
                trigger.TimeZoneValid = TimeZoneInfo.TryFindSystemTimeZoneById(value, out _);
                if (!trigger.TimeZoneValid)
                {
                    Invalid(line, $"unknown time zone '{value}': expected an IANA id such as 'UTC' or 'Europe/London'");
                }
                break;
            case "misfire":
                if (Enum<MisfirePolicy>(line) is { } misfire)
                {
                    trigger.Misfire = misfire;
                }
                break;
            case "priority":
                if (Int(line, int.MinValue) is { } priority)
                {
                    trigger.Priority = priority;
                }
                break;
            case "jitter":
                if (Duration(line, TimeSpan.FromMilliseconds(1)) is { } jitter)
                {
                    trigger.Jitter = jitter;
                }
                break;
            case "calendar":
                trigger.Calendars = TriggerValidation.SplitCalendars(value);
                if (trigger.Calendars.Count == 0)
                {
                    Invalid(line, "calendar has no value: expected one or more names of Kairos:Calendars, separated by commas");
                }
                break;
            case "data":
                if (JsonText.IsValid(value, out var reason))
                {
                    trigger.DataJson = value;
                }
                else
                {
                    Invalid(line, $"data '{value}' is not valid JSON ({reason}): expected one line of JSON such as {{\"folder\": \"logs\"}}");
                }
                break;
        }
    }
}
