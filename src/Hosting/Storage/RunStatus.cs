namespace Kairos.Host.Storage;

/// <summary>
/// The status of a run record. Stored and printed (<c>kairos history</c>) as its kebab-case word
/// (<see cref="Text.KebabCase"/>): <c>timed-out</c>, <c>waiting-for-handler</c>.
/// </summary>
internal enum RunStatus
{
    /// <summary>Claimed from its trigger, waiting to start (a queue, the concurrency limit or a retry backoff).</summary>
    Pending,
    Running,
    Succeeded,
    Failed,
    /// <summary>An attempt that failed and will be tried again; the next attempt is a new record.</summary>
    Retrying,
    TimedOut,
    Cancelled,
    Interrupted,
    Skipped,
    Misfired,
    /// <summary>Due, but no loaded source declares the job; not terminal: it runs when the job comes back.</summary>
    WaitingForHandler,
}

/// <summary>What a <see cref="RunStatus"/> means for the run.</summary>
internal static class RunStatusExtensions
{
    /// <summary>The run is over: every status but pending, running and waiting-for-handler.</summary>
    public static bool IsTerminal(this RunStatus status) =>
        status is not (RunStatus.Pending or RunStatus.Running or RunStatus.WaitingForHandler);
}
