namespace Kairos;

/// <summary>Declares a trigger that fires every fixed number of seconds.</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true, Inherited = false)]
public sealed class IntervalTriggerAttribute : TriggerAttribute
{
    /// <summary>Declares an interval trigger.</summary>
    /// <param name="seconds">The period between fires, in seconds (at least 1).</param>
    public IntervalTriggerAttribute(double seconds) => Seconds = seconds;

    /// <summary>The period between fires, in seconds.</summary>
    public double Seconds { get; }
}
