namespace Kairos;

/// <summary>
/// Declares a cron trigger of the job it decorates. A job may have several, each with its own
/// <see cref="TriggerAttribute.Key"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class CronTriggerAttribute : TriggerAttribute
{
    /// <summary>Declares a cron trigger.</summary>
    /// <param name="expression">A 5-field (minute precision) or 6-field (seconds first) cron expression.</param>
    public CronTriggerAttribute(string expression) => Expression = expression;

    /// <summary>The cron expression.</summary>
    public string Expression { get; }

    /// <summary>The IANA time zone the expression is read in. Default: <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
}
