using System.Security.Cryptography;
using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;

namespace Kairos.Tests.Storage;

/// <summary>A damaged store is refused, and the refusal leaves the file byte for byte as it was (issue #18).</summary>
public sealed class StoreFileCheckTests : IDisposable
{
    private const int Page = 8192;
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    public static TheoryData<string> Damages() =>
        ["truncated to half", "truncated mid-page", "4 KiB of random bytes at offset 8192", "a random page in the middle",
            "a zeroed header", "a SQLite file", "a page moved to another place"];

    [Theory]
    [MemberData(nameof(Damages))]
    public void Open_RefusesADamagedStore_AndLeavesItByteForByteAsItWas(string damage)
    {
        var path = WrittenStore();
        Damage(path, damage);
        var before = SHA256.HashData(File.ReadAllBytes(path));

        var error = Assert.Throws<StoreOpenException>(() => new LiteDbStore(path));

        Assert.Contains(path, error.Message);
        Assert.Contains("the file was left untouched", error.Message);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(path)));
        Assert.False(File.Exists(path.Replace(".db", "-log.db", StringComparison.Ordinal)));
    }

    [Fact]
    public void Check_PassesAHealthyStore_WithFreedPages()
    {
        var path = WrittenStore();
        using (var store = new LiteDbStore(path))
        {
            store.ApplyRetention(_ => (1, TimeSpan.FromDays(1)), T0.AddDays(1));
        }

        Assert.Null(StoreFileCheck.Check(path));
        using var reopened = new LiteDbStore(path);
        Assert.Single(reopened.Query("j", null, 100));
    }

    [Fact]
    public void Check_NamesThePage_WhenBytesWereWrittenOverOne()
    {
        var path = WrittenStore();
        Damage(path, "4 KiB of random bytes at offset 8192");

        Assert.StartsWith("is damaged: page 1 (at byte 8192) is not a LiteDB page", StoreFileCheck.Check(path));
    }

    private string WrittenStore()
    {
        var path = _dir.File("kairos.db");
        using var store = new LiteDbStore(path);
        store.Reconcile(new StoredJob { Id = "j", Source = "app", Version = "1" }, []);
        store.Insert(Enumerable.Range(0, 2000).Select(i => new RunRecord
        {
            Id = RunIds.New(T0.AddSeconds(i)), JobId = "j", TriggerKey = "default", ConcurrencyKey = "j",
            ScheduledUtc = T0.AddSeconds(i), NotBeforeUtc = T0.AddSeconds(i), EndedUtc = T0.AddSeconds(i),
            Status = RunStatus.Failed, ErrorMessage = new string('e', 300),
        }).ToList());
        return path;
    }

    private static void Damage(string path, string damage)
    {
        var length = new FileInfo(path).Length;
        Assert.True(length >= 8 * Page, $"the store should span several pages; it has {length} bytes");
        using var file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite);
        var random = new Random(damage.Length);
        switch (damage)
        {
            case "truncated to half":
                file.SetLength(length / Page / 2 * Page);
                break;
            case "truncated mid-page":
                file.SetLength(length - Page / 2);
                break;
            case "4 KiB of random bytes at offset 8192":
                Overwrite(file, Page, RandomBytes(random, 4096));
                break;
            case "a random page in the middle":
                Overwrite(file, length / Page / 2 * Page, RandomBytes(random, Page));
                break;
            case "a zeroed header":
                Overwrite(file, 0, new byte[Page]);
                break;
            case "a SQLite file":
                file.SetLength(0);
                Overwrite(file, 0, [.. "SQLite format 3\0"u8, .. RandomBytes(random, 4 * Page)]);
                break;
            case "a page moved to another place":
                var moved = new byte[Page];
                file.Position = 2 * Page;
                file.ReadExactly(moved);
                Overwrite(file, 3 * Page, moved);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(damage), damage, "unknown damage");
        }
    }

    private static byte[] RandomBytes(Random random, int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    private static void Overwrite(FileStream file, long offset, byte[] bytes)
    {
        file.Position = offset;
        file.Write(bytes);
    }
}
