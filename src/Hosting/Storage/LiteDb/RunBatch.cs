using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Ended runs written together, stored as one document of the <c>run_batches</c> collection (LiteDB only): the runs of
/// a burst that were claimed, started and ended within one write batch, inserted at once in their final state. One
/// document and two index entries for up to <see cref="LiteDbStore.MaxRunsPerBatch"/> runs, instead of one document and
/// two index entries per run. Batches cover disjoint ranges of run ids (<see cref="Id"/> to <see cref="Last"/>), so the
/// one batch that may hold a run is found by one index seek; the history reads expand them.
/// </summary>
internal sealed class RunBatch
{
    /// <summary>The smallest run id in the batch (when it was written: retention may have removed runs since).</summary>
    public string Id { get; set; } = "";

    /// <summary>The largest run id in the batch when it was written; no other batch holds an id in <see cref="Id"/>..<see cref="Last"/>.</summary>
    public string Last { get; set; } = "";

    /// <summary>The earliest scheduled instant among the batch's runs when it was written.</summary>
    public DateTimeOffset FromUtc { get; set; }

    /// <summary>The latest scheduled instant among the batch's runs when it was written (indexed: history reads walk it newest first).</summary>
    public DateTimeOffset ToUtc { get; set; }

    /// <summary>The ended runs, in id order.</summary>
    public List<RunRecord> Runs { get; set; } = [];

    /// <summary>True when <paramref name="runId"/> lies in the batch's range of ids.</summary>
    public bool Covers(string runId) => string.CompareOrdinal(Id, runId) <= 0 && string.CompareOrdinal(runId, Last) <= 0;
}
