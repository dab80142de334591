using Kairos.Host.Storage;
using Kairos.Host.Storage.Operator;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>One store implementation seen through its three role contracts, as a node of a cluster would use it.</summary>
internal sealed record StoreUnderTest(IJobStore Jobs, ITriggerStore Triggers, IRunStore Runs)
{
    /// <summary>The audit trail: every store keeps it beside the runs.</summary>
    public IAuditLog Audit => (IAuditLog)Runs;

    /// <summary>Backfill's reads and inserts (#16): every store keeps them beside the runs.</summary>
    public IBackfillStore Backfills => (IBackfillStore)Runs;

    /// <summary>The run-once ledger (#16): every store keeps it beside the runs.</summary>
    public IRunOnceLedger RunOnce => (IRunOnceLedger)Runs;
}
