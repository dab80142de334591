using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.Operator;

/// <summary>
/// The run-once ledger (#16): one entry per run-once key, written in the same transaction as the run it queues, so that
/// across a cluster, restarts and redeploys the key queues exactly one run until an operator asks for another.
/// </summary>
internal interface IRunOnceLedger
{
    /// <summary>The entry of <paramref name="key"/>, or null when no run was ever queued under it.</summary>
    RunOnceEntry? GetRunOnce(string key);

    /// <summary>Every entry, by key.</summary>
    IReadOnlyList<RunOnceEntry> GetRunOnceEntries();

    /// <summary>
    /// Writes <paramref name="entry"/> and inserts <paramref name="run"/> in one transaction, only if the ledger has no
    /// entry for its key; false (and nothing written) when it has one, whichever node wrote it.
    /// </summary>
    bool TryQueueRunOnce(RunOnceEntry entry, RunRecord run);

    /// <summary>
    /// Replaces the entry of <paramref name="entry"/>'s key with it and inserts <paramref name="run"/> in one transaction,
    /// only while the stored entry still names <paramref name="previousRunId"/> (no other rerun came first); false otherwise.
    /// </summary>
    bool RequeueRunOnce(RunOnceEntry entry, RunRecord run, string previousRunId);
}
