namespace Kairos;

/// <summary>Declares a trigger that fires every fixed number of seconds.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IntervalTriggerAttribute : Attribute
{
    /// <summary>Declares an interval trigger.</summary>
    /// <param name="seconds">The period between fires, in seconds (at least 1).</param>
    public IntervalTriggerAttribute(double seconds) => Seconds = seconds;

    /// <summary>The period between fires, in seconds.</summary>
    public double Seconds { get; }

    /// <summary>The trigger key, unique within the job. Default: <c>default</c>.</summary>
    public string Key { get; set; } = "default";

    /// <summary>What to do with missed fires. Default: <see cref="MisfirePolicy.FireOnce"/>.</summary>
    public MisfirePolicy Misfire { get; set; } = MisfirePolicy.FireOnce;

    /// <summary>Breaks ties between fires due at the same instant: higher runs first. Default: 0.</summary>
    public int Priority { get; set; }

    /// <summary>JSON data passed to the job as <see cref="JobContext.DataJson"/>. Default: none.</summary>
    public string? DataJson { get; set; }
}
