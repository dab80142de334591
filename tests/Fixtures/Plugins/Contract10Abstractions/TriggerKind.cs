namespace Kairos;

/// <summary>The kinds of schedule a trigger can have.</summary>
public enum TriggerKind
{
    /// <summary>Fires on a cron schedule in a time zone.</summary>
    Cron = 0,

    /// <summary>Fires every fixed period.</summary>
    Interval = 1,

    /// <summary>Fires once at an instant.</summary>
    Once = 2,
}
