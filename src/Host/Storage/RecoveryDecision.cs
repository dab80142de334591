namespace Kairos.Host.Storage;

/// <summary>
/// What the scheduler decides, inside the store's transaction, for a run the store marks <c>interrupted</c> because
/// its host died: the next attempt to write with it (null: none), and a note appended to the interrupted record's
/// error message (why it is not re-run, say). The store applies the rule; it does not know it.
/// </summary>
internal readonly record struct RecoveryDecision(RunRecord? Rerun, string? Note = null);
