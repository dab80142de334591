namespace Kairos;

/// <summary>A job was resumed (<see cref="ISchedulerListener.OnJobResumedAsync"/>).</summary>
public sealed class JobResumedEvent : SchedulerEvent
{
    /// <inheritdoc/>
    public override string Name => "job-resumed";

    /// <summary>Who resumed it: <c>api</c>, <c>cli:USER</c>, <c>job:ID</c>, or <c>pause-expired</c> when its pause ran out.</summary>
    public required string By { get; init; }
}
