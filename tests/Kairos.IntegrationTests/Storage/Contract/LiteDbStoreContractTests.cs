using Kairos.Host.Storage.LiteDb;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>The store contract against LiteDB: one process, one store instance for every "node".</summary>
public sealed class LiteDbStoreContractTests : StoreContractTests
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "kairos-contract", Guid.NewGuid().ToString("N")[..12]);
    private readonly LiteDbStore _store;
    private readonly StoreUnderTest _view;

    public LiteDbStoreContractTests()
    {
        Directory.CreateDirectory(_folder);
        _store = new LiteDbStore(Path.Combine(_folder, "kairos.db"));
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
