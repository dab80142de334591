namespace Kairos;

/// <summary>
/// What every trigger attribute (<see cref="CronTriggerAttribute"/>, <see cref="IntervalTriggerAttribute"/>) declares
/// besides its schedule. A job may have several triggers, each with its own <see cref="Key"/>.
/// </summary>
public abstract class TriggerAttribute : Attribute
{
    /// <summary>Only the trigger attributes of this assembly derive from it.</summary>
    private protected TriggerAttribute()
    {
    }

    /// <summary>The trigger key, unique within the job. Default: <c>default</c>.</summary>
    public string Key { get; set; } = "default";

    /// <summary>What to do with missed fires. Default: <see cref="MisfirePolicy.FireOnce"/>.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnce;

    /// <summary>Breaks ties between fires due at the same instant: higher runs first. Default: 0.</summary>
    public int Priority { get; set; }

    /// <summary>JSON data passed to the job as <see cref="JobContext.DataJson"/>. Default: none.</summary>
    public string? DataJson { get; set; }

    /// <summary>
    /// Spreads the fires by up to this many seconds: each fire runs a fixed offset after its scheduled instant, the same
    /// for this job and trigger key on every host (see <see cref="TriggerSpec.Jitter"/>). Default: 0 (none).
    /// </summary>
    public double JitterSeconds { get; set; }

    /// <summary>
    /// Names of the exclusion calendars (<c>Kairos:Calendars:NAME</c>) whose windows this trigger does not fire in; its
    /// fires there are recorded as skipped (see <see cref="TriggerSpec.Calendars"/>). Default: none (empty).
    /// </summary>
    public string[] Calendars { get; set; } = [];
}
