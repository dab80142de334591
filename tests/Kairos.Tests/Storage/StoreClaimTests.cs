using Kairos.Host.Hosting;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Storage;

public sealed class StoreClaimTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static StoreClaim Claim(string path, bool create = false, string store = "litedb") =>
        new(Options.Create(new KairosOptions { DatabasePath = path, CreateStore = create, Store = store }));

    [Fact]
    public void Acquire_RefusesAStoreInAFolderThatDoesNotExist_AndCreatesNothing()
    {
        var db = Path.Combine(_dir.Path, "nope", "deeper", "kairos.db");
        using var claim = Claim(db);

        var refused = Assert.Throws<StoreOpenException>(claim.Acquire);

        Assert.Equal(
            $"store '{db}' cannot be created: folder '{Path.GetDirectoryName(db)}' does not exist; check the path, or add --create (Kairos:CreateStore) to create it",
            refused.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Theory]
    [InlineData(true, "litedb")]
    [InlineData(false, "postgres")]
    public void Acquire_CreatesTheFolder_WhenAskedOrWhenTheFileOnlyAnchorsAClusterHost(bool create, string store)
    {
        var db = Path.Combine(_dir.Path, "new", "kairos.db");
        using var claim = Claim(db, create, store);

        claim.Acquire();

        Assert.True(StoreFileLock.IsHeld(db));
    }

    [Fact]
    public void Take_HandsTheHeldLockToTheStore_WhichReleasesItWhenDisposed()
    {
        var db = _dir.File("kairos.db");
        using var claim = Claim(db);
        claim.Acquire();

        using (var store = new LiteDbStore(claim.Take()))
        {
            Assert.Equal(db, store.Path);
            Assert.True(StoreFileLock.IsHeld(db));
        }

        Assert.False(StoreFileLock.IsHeld(db));
    }

    [Fact]
    public void Dispose_ReleasesALockNobodyTook()
    {
        var db = _dir.File("kairos.db");
        var claim = Claim(db);
        claim.Acquire();

        claim.Dispose();

        Assert.False(StoreFileLock.IsHeld(db));
    }
}
