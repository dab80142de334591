using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Leases;

/// <summary>
/// What the scheduler decides, inside the store's transaction, for a run the store marks <c>interrupted</c> because
/// its host died: the next attempt to write with it (null: none), and a note appended to the interrupted record's
/// error message (why it is not re-run, say). The store applies the rule; it does not know it.
/// </summary>
internal readonly record struct RecoveryDecision(RunRecord? Rerun, string? Note = null)
{
    /// <summary>
    /// For a run its store has just marked interrupted by its host's death: counts that death on it, asks
    /// <paramref name="recover"/> (none: no re-run), and appends the decision's note to the run's error message.
    /// Returns the interrupted record to write (with the death counted and the note) and the decision.
    /// </summary>
    public static (RunRecord Interrupted, RecoveryDecision Decision) ForDeath(RunRecord interrupted, Func<RunRecord, RecoveryDecision>? recover)
    {
        interrupted = interrupted with { HostDeaths = interrupted.HostDeaths + 1 };
        var decision = recover?.Invoke(interrupted) ?? default;
        if (decision.Note is { } note)
        {
            interrupted = interrupted with { ErrorMessage = interrupted.ErrorMessage + "; " + note };
        }
        return (interrupted, decision);
    }
}
