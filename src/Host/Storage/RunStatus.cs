namespace Kairos.Host.Storage;

/// <summary>The status words of a run record, as stored and printed by <c>kairos history</c>.</summary>
internal static class RunStatus
{
    /// <summary>Claimed from its trigger, waiting to start (a queue, the concurrency limit or a retry backoff).</summary>
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>An attempt that failed and will be tried again; the next attempt is a new record.</summary>
    public const string Retrying = "retrying";
    public const string TimedOut = "timed-out";
    public const string Cancelled = "cancelled";
    public const string Interrupted = "interrupted";
    public const string Skipped = "skipped";
    public const string Misfired = "misfired";
    /// <summary>Due, but no loaded source declares the job; not terminal: it runs when the job comes back.</summary>
    public const string WaitingForHandler = "waiting-for-handler";

    public static bool IsTerminal(string status) =>
        status is not (Pending or Running or WaitingForHandler);

    public static IReadOnlyList<string> All { get; } =
        [Pending, Running, Succeeded, Failed, Retrying, TimedOut, Cancelled, Interrupted, Skipped, Misfired, WaitingForHandler];
}
