namespace Kairos.Testing;

/// <summary>
/// One call a job made to <see cref="JobContext.Scheduler"/> during a test run, in the order it made them. Only the
/// members the call has are set.
/// </summary>
/// <param name="Method">The <see cref="IScheduler"/> method's name, for example <c>TriggerAsync</c>.</param>
/// <param name="JobId">The job the call names, or <see langword="null"/> for calls about no job (<c>GetJobsAsync</c>).</param>
public sealed record SchedulerCall(string Method, string? JobId)
{
    /// <summary>The data passed (<c>TriggerAsync</c>, <c>ScheduleOnceAsync</c>).</summary>
    public string? DataJson { get; init; }

    /// <summary>The instant passed to <c>ScheduleOnceAsync</c>.</summary>
    public DateTimeOffset? RunAtUtc { get; init; }

    /// <summary>The triggers passed to <c>UpsertTriggersAsync</c>; empty otherwise.</summary>
    public IReadOnlyList<TriggerSpec> Triggers { get; init; } = [];

    /// <summary>The trigger keys passed to <c>RemoveTriggersAsync</c>; empty otherwise.</summary>
    public IReadOnlyList<string> Keys { get; init; } = [];

    /// <summary>The reason passed to <c>PauseAsync</c>.</summary>
    public string? Reason { get; init; }

    /// <summary>The resume instant passed to <c>PauseAsync</c>.</summary>
    public DateTimeOffset? UntilUtc { get; init; }

    /// <summary>The run id passed to <c>GetRunAsync</c> or <c>WaitForRunAsync</c>.</summary>
    public string? RunId { get; init; }

    /// <summary>What the test scheduler returned: the new run id (<c>TriggerAsync</c>) or trigger key (<c>ScheduleOnceAsync</c>).</summary>
    public string? Result { get; init; }
}
