using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>One store implementation seen through its role contracts, as a node of a cluster would use it.</summary>
internal sealed record StoreUnderTest(
    ICatalogStore Catalog,
    IClaimStore Claims,
    IRunRecorder Recorder,
    ILeaseStore Leases,
    IRunHistory Runs,
    IAuditLog Audit,
    IBackfillStore Backfills,
    IRunOnceLedger RunOnce)
{
    /// <summary>Every role of <paramref name="store"/>: each store implements them all.</summary>
    public static StoreUnderTest Of<TStore>(TStore store)
        where TStore : ICatalogStore, IClaimStore, IRunRecorder, ILeaseStore, IRunHistory, IAuditLog, IBackfillStore, IRunOnceLedger =>
        new(store, store, store, store, store, store, store, store);
}
