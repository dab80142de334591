namespace Kairos;

/// <summary>
/// The status of a run record. Stored, printed by <c>kairos history</c> and written in JSON as its kebab-case word:
/// <c>timed-out</c>, <c>waiting-for-handler</c>.
/// </summary>
public enum RunStatus
{
    /// <summary>Claimed from its trigger, waiting to start (a queue, the concurrency limit or a retry backoff).</summary>
    Pending,

    /// <summary>Started on a node and not ended yet.</summary>
    Running,

    /// <summary>The job returned without an exception.</summary>
    Succeeded,

    /// <summary>The job threw on its last attempt (or could not be created).</summary>
    Failed,

    /// <summary>An attempt that failed and will be tried again; the next attempt is a new record.</summary>
    Retrying,

    /// <summary>The job ran longer than its timeout and its token was cancelled.</summary>
    TimedOut,

    /// <summary>Cancelled before or while it ran (replaced by a newer fire, or the host shut down without recovery).</summary>
    Cancelled,

    /// <summary>Its host died or lost its lease while it ran.</summary>
    Interrupted,

    /// <summary>Not run: a run of the job was already running under the <see cref="OverlapPolicy.Skip"/> policy.</summary>
    Skipped,

    /// <summary>Not run: found too late under the <see cref="MisfirePolicy.Skip"/> policy (the host was down).</summary>
    Misfired,

    /// <summary>Due, but no loaded source declares the job; not terminal: it runs when the job comes back.</summary>
    WaitingForHandler,
}
