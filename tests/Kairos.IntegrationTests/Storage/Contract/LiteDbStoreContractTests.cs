using Kairos.Host.Storage.LiteDb;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract against LiteDB: one process, one store instance for every "node".</summary>
public class LiteDbStoreContractTests : StoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kairos-contract", Guid.NewGuid().ToString("N")[..12]);
    private readonly LiteDbStore _store;
    private readonly StoreUnderTest _view;

    /// <summary>Each trigger change written before its call returns (the CLI's local store, a window of 0).</summary>
    public LiteDbStoreContractTests()
        : this(null)
    {
    }

    private protected LiteDbStoreContractTests(TriggerWriteBehind? writeBehind)
    {
        Directory.CreateDirectory(_folder);
        _store = new LiteDbStore(StoreFileLock.Acquire(Path.Combine(_folder, "kairos.db")), null, writeBehind);
        _view = StoreUnderTest.Of(_store);
    }

    internal override StoreUnderTest Store => _view;

    internal override StoreUnderTest OtherNode(int index) => _view;

    public override void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
        GC.SuppressFinalize(this);
    }
}
