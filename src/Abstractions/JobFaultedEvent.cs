namespace Kairos;

/// <summary>A job's source failed to load (<see cref="ISchedulerListener.OnJobFaultedAsync"/>).</summary>
public sealed class JobFaultedEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "job-faulted";

    /// <summary>The plugin or script file.</summary>
    public required string Source { get; init; }

    /// <summary>What is wrong, naming the file, line or type.</summary>
    public required string Message { get; init; }
}
