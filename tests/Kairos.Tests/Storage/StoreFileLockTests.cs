using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Storage;

public sealed class StoreFileLockTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void AStoreWithNoLockFile_IsNotHeld_AndProbingItCreatesNothing()
    {
        Assert.False(StoreFileLock.IsHeld(_dir.File("typo.db")));

        Assert.Empty(Directory.GetFileSystemEntries(_dir.Path));
    }

    [Fact]
    public void AStoreWhoseLockIsTaken_IsHeld_AndASecondAcquireNamesTheLockFile()
    {
        var db = _dir.File("kairos.db");
        using var held = StoreFileLock.Acquire(db);

        Assert.True(StoreFileLock.IsHeld(db));
        var refused = Assert.Throws<StoreOpenException>(() => StoreFileLock.Acquire(db));
        Assert.Contains($"lock file '{db}.lock' is held", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ALockFileLeftByAStoppedHost_IsNotHeld()
    {
        var db = _dir.File("kairos.db");
        StoreFileLock.Acquire(db).Dispose();

        Assert.True(File.Exists(db + ".lock"));
        Assert.False(StoreFileLock.IsHeld(db));
    }
}
