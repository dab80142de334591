namespace Kairos;

/// <summary>Something that happened in the scheduler, as <see cref="ISchedulerListener"/> is told about it.</summary>
public abstract class SchedulerEvent
{
    /// <summary>The event's name in kebab case, as the webhook notifier sends it (<c>run-ended</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The job concerned, or <see langword="null"/> when a source fails before it declares any job.</summary>
    public string? JobId { get; init; }

    /// <summary>When it happened (UTC), on the host's clock.</summary>
    public DateTimeOffset OccurredUtc { get; init; }

    /// <summary>The node where it happened.</summary>
    public string Node { get; init; } = "";
}
