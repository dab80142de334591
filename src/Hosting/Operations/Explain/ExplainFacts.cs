using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Operations.Explain;

/// <summary>
/// Everything <see cref="Explainer"/> reads, gathered from the store beforehand so it stays pure: the job and its
/// triggers (one when a key was asked), its run records scheduled around the instant, the runs a skipped fire may have
/// overlapped, its pause and disable entries of the audit trail, and the hosts known (an empty list: none is up).
/// </summary>
internal sealed record ExplainFacts(
    StoredJob Job,
    IReadOnlyList<StoredTrigger> Triggers,
    DateTimeOffset AtUtc,
    DateTimeOffset NowUtc,
    IReadOnlyList<RunRecord> Runs,
    IReadOnlyList<RunRecord> OverlapCandidates,
    IReadOnlyList<AuditEntry> Audit,
    IReadOnlyList<ExplainNodeView> Nodes);
