using Kairos.Host.Catalog;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution.Starting;

/// <summary>
/// How runs start for the kind of store in use, chosen once at registration: <see cref="LocalStartPolicy"/> for an
/// exclusive store (LiteDB: this node holds every running run), <see cref="SharedStartPolicy"/> for a store other
/// nodes use at the same time (PostgreSQL).
/// </summary>
internal interface IStartPolicy
{
    /// <summary>
    /// Starts a batch of due runs, each checked against its concurrency key's limit; runs later in the batch see the
    /// starts of earlier ones. One result per run, in order.
    /// </summary>
    IReadOnlyList<(StartResult Result, RunRecord? Started)> StartMany(IReadOnlyList<(RunRecord Run, JobHandler Handler)> batch, DateTimeOffset now);

    /// <summary>
    /// How long after a start batch due runs may be held back for a fuller next batch (<see cref="Admission.StartGathering"/>):
    /// zero when a start costs no round trip.
    /// </summary>
    TimeSpan GatherWindow { get; }

    /// <summary><paramref name="run"/> replaces the running runs of its key: asks the other nodes to stop theirs.</summary>
    void ReplaceElsewhere(RunRecord run, DateTimeOffset now);

    /// <summary>Stops this node's runs whose cancellation another node requested (a newer fire replaced them).</summary>
    void StopRunsCancelledElsewhere();

    /// <summary>
    /// At start-up, the instant before which a running run's lease counts as expired: on an exclusive store every run
    /// still marked running is abandoned, whatever its lease says.
    /// </summary>
    DateTimeOffset AbandonedAtStartBefore(DateTimeOffset now);
}
