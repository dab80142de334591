using Kairos.Host.Storage.LiteDb;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract against LiteDB as the host opens it: trigger changes written behind (a window longer than any
/// test, so only the reads and writes the contract makes write them).
/// </summary>
public sealed class LiteDbWriteBehindStoreContractTests : StoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kairos-contract", Guid.NewGuid().ToString("N")[..12]);
    private readonly LiteDbStore _store;
    private readonly StoreUnderTest _view;

    public LiteDbWriteBehindStoreContractTests()
    {
        Directory.CreateDirectory(_folder);
        _store = new LiteDbStore(
            StoreFileLock.Acquire(Path.Combine(_folder, "kairos.db")), null, new TriggerWriteBehind(TimeSpan.FromHours(1), TimeProvider.System));
        _view = StoreUnderTest.Of(_store);
    }

    internal override StoreUnderTest Store => _view;

    internal override StoreUnderTest OtherNode(int index) => _view;

    public override void Dispose()
    {
        _store.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
