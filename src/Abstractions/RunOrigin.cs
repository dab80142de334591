namespace Kairos;

/// <summary>
/// What queued a run. Stored, printed by <c>kairos history</c> and written in JSON as its kebab-case word:
/// <c>trigger</c>, <c>backfill</c>, <c>chain</c>, <c>run-once</c>.
/// </summary>
public enum RunOrigin
{
    /// <summary>A fire of one of the job's triggers, a manual trigger (key <c>manual</c>) or a retry of such a run.</summary>
    Trigger,

    /// <summary>A backfill of past scheduled instants that had no run (<c>kairos backfill</c>).</summary>
    Backfill,

    /// <summary>Queued by the end of another job's run (the job's <c>OnSuccess</c> or <c>OnFailure</c> chain).</summary>
    Chain,

    /// <summary>The single run of a run-once job.</summary>
    RunOnce,
}
