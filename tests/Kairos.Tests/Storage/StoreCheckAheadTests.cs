using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Storage;

/// <summary>The store check started ahead by <c>kairos run</c> answers the open only for the file as it was checked.</summary>
public sealed class StoreCheckAheadTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void TryTake_GivesTheAnswerOnce_WhenTheFileIsUnchanged()
    {
        var path = WrittenStore();

        StoreCheckAhead.Start(path);

        Assert.True(StoreCheckAhead.TryTake(path, out var problem));
        Assert.Null(problem);
        Assert.False(StoreCheckAhead.TryTake(path, out _));
    }

    [Fact]
    public void TryTake_GivesNothing_WhenTheFileChangedSinceTheCheckBegan()
    {
        var path = WrittenStore();
        StoreCheckAhead.Start(path);

        using (var stream = new FileStream(path, FileMode.Append))
        {
            stream.Write(Enumerable.Repeat((byte)0xFF, 8192).ToArray());
        }

        Assert.False(StoreCheckAhead.TryTake(path, out _));
        Assert.StartsWith("is damaged", StoreFileCheck.Check(path));
    }

    [Fact]
    public void TryTake_GivesNothing_ForAnotherFile()
    {
        var path = WrittenStore();
        StoreCheckAhead.Start(path);

        Assert.False(StoreCheckAhead.TryTake(Path.Combine(_dir.Path, "other.db"), out _));
    }

    [Fact]
    public void Open_RefusesADamagedStore_FromTheAnswerOfTheCheckAhead()
    {
        var path = WrittenStore();
        File.WriteAllBytes(path, new byte[8192 * 2]);

        StoreCheckAhead.Start(path);

        var error = Assert.Throws<StoreOpenException>(() => new LiteDbStore(path));
        Assert.Contains("is not a LiteDB file", error.Message);
    }

    [Fact]
    public void Start_DoesNothing_WhenTheFileDoesNotExist()
    {
        var path = Path.Combine(_dir.Path, "new.db");

        StoreCheckAhead.Start(path);

        Assert.False(StoreCheckAhead.TryTake(path, out _));
    }

    private string WrittenStore()
    {
        var path = Path.Combine(_dir.Path, "kairos.db");
        using (new LiteDbStore(path))
        {
        }
        return path;
    }
}
