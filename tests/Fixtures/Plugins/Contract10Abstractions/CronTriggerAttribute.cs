namespace Kairos;

/// <summary>Declares a cron trigger of the job it decorates. A job may have several, each with its own <see cref="Key"/>.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CronTriggerAttribute : Attribute
{
    /// <summary>Declares a cron trigger.</summary>
    /// <param name="expression">A 5-field (minute precision) or 6-field (seconds first) cron expression.</param>
    public CronTriggerAttribute(string expression) => Expression = expression;

    /// <summary>The cron expression.</summary>
    public string Expression { get; }

    /// <summary>The trigger key, unique within the job. Default: <c>default</c>.</summary>
    public string Key { get; set; } = "default";

    /// <summary>The IANA time zone the expression is read in. Default: <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>What to do with missed fires. Default: <see cref="MisfirePolicy.FireOnce"/>.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnce;

    /// <summary>Breaks ties between fires due at the same instant: higher runs first. Default: 0.</summary>
    public int Priority { get; set; }

    /// <summary>JSON data passed to the job as <see cref="JobContext.DataJson"/>. Default: none.</summary>
    public string? DataJson { get; set; }
}
