using Kairos.TestSupport.Storage;

namespace Kairos.IntegrationTests.Storage.Contract;

/// <summary>
/// The store contract against the tests' in-memory store (tests/Shared/Storage): what makes it a faithful stand-in for
/// the real stores in unit tests of the scheduler. One instance for every "node", as with LiteDB.
/// </summary>
public sealed class InMemoryStoreContractTests : StoreContractTests
{
    private readonly StoreUnderTest _view;

    public InMemoryStoreContractTests()
    {
        var store = new InMemoryStore();
        _view = StoreUnderTest.Of(store);
    }

    internal override StoreUnderTest Store => _view;

    internal override StoreUnderTest OtherNode(int index) => _view;

    public override void Dispose()
    {
    }
}
