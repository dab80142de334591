namespace Kairos.Host.Scripts.Header;

/// <summary>A trigger being read from a script header, with the line of each key for messages.</summary>
internal sealed class ScriptTriggerDraft(string key, int line)
{
    public string Key { get; } = key;

    /// <summary>The line that started this trigger (its <c>trigger</c> line or its first key).</summary>
    public int Line { get; } = line;

    public Dictionary<string, int> KeyLines { get; } = new(StringComparer.Ordinal);

    public string? Cron { get; set; }

    public int CronColumn { get; set; }

    public TimeSpan? Interval { get; set; }

    public string TimeZone { get; set; } = "UTC";

    public bool TimeZoneValid { get; set; } = true;

    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnce;

    public int Priority { get; set; }

    public string? DataJson { get; set; }

    public TimeSpan? Jitter { get; set; }

    public IReadOnlyList<string> Calendars { get; set; } = [];

    public TriggerSpec ToSpec() => new()
    {
        Key = Key,
        Kind = Cron is not null ? TriggerKind.Cron : TriggerKind.Interval,
        CronExpression = Cron,
        Period = Cron is null ? Interval : null,
        TimeZone = TimeZone,
        Misfire = Misfire,
        Priority = Priority,
        DataJson = DataJson,
        Jitter = Jitter,
        Calendars = Calendars,
    };
}
