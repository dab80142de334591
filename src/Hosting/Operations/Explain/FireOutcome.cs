namespace Kairos.Host.Operations.Explain;

/// <summary>What became (or will become) of one scheduled instant of a trigger, as <c>kairos explain</c> words it.</summary>
internal enum FireOutcome
{
    /// <summary>A run of the fire ended (succeeded, failed, timed out, cancelled, interrupted, or retrying).</summary>
    Ran,

    /// <summary>A run of the fire is running now.</summary>
    Running,

    /// <summary>A run of the fire is queued and has not started yet.</summary>
    Pending,

    /// <summary>Recorded <c>misfired</c>: found too late (no host up, or the job held) under its misfire policy.</summary>
    Misfired,

    /// <summary>Recorded <c>skipped</c>: a run of its concurrency key was still running (overlap policy Skip), or another rule skipped it.</summary>
    Skipped,

    /// <summary>Recorded <c>waiting-for-handler</c>: due, but no loaded plugin or script declared the job.</summary>
    WaitingForHandler,

    /// <summary>No run: the job was (or will be) paused at that instant.</summary>
    Paused,

    /// <summary>No run: an operator had (or has) switched the job off (<c>kairos disable</c>).</summary>
    Disabled,

    /// <summary>No run: configuration switches the job off (<c>Kairos:Jobs:ID:Enabled</c> or its start condition).</summary>
    SwitchedOff,

    /// <summary>Not a fire: the instant is before the trigger's start or after its end.</summary>
    OutsideWindow,

    /// <summary>No run: hosts were (or are) up, but none loads the job.</summary>
    NoNodeLoadsIt,

    /// <summary>No run: no host was (or is) up to fire it.</summary>
    NoHostUp,

    /// <summary>Due, and a host that runs the job is up: the trigger has not reached it yet (it is claimed within a moment).</summary>
    NotClaimedYet,

    /// <summary>Past, with no record, while a host that loads the job was up: the record may have gone by retention, or the schedule changed since.</summary>
    NoRecord,

    /// <summary>In the future, and nothing known now stops it.</summary>
    WillFire,
}
