using System.Security.Cryptography;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The real <c>kairos</c> process on a damaged LiteDB file: the host and the CLI refuse it on one line, exit 1, and
/// leave the file byte for byte as it was (LiteDB itself flags a file it fails to open, issue #18).
/// </summary>
public sealed class DamagedStoreTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-damaged-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("run")]
    [InlineData("jobs")]
    [InlineData("history")]
    public async Task AVerbOnAStoreWithRandomBytesOverAPage_IsRefused_AndTheFileIsUntouched(string verb)
    {
        var db = Path.Combine(_root, "kairos.db");
        WriteStore(db);
        using (var file = new FileStream(db, FileMode.Open, FileAccess.Write))
        {
            file.Position = 8192;
            file.Write(RandomNumberGenerator.GetBytes(4096));
        }
        var before = SHA256.HashData(File.ReadAllBytes(db));

        var (exit, _, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, verb, "--db", db);

        Assert.Equal(1, exit);
        Assert.Contains($"store '{db}' is damaged: page 1 (at byte 8192) is not a LiteDB page", stderr);
        Assert.Contains("the file was left untouched", stderr);
        Assert.Equal(before, SHA256.HashData(File.ReadAllBytes(db)));
    }

    private static void WriteStore(string path)
    {
        var t0 = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
        using var store = new LiteDbStore(path);
        store.Reconcile(new StoredJob { Id = "j", Source = "app", Version = "1" }, []);
        store.Insert(Enumerable.Range(0, 500).Select(i => new RunRecord
        {
            Id = RunIds.New(t0.AddSeconds(i)), JobId = "j", TriggerKey = "default", ConcurrencyKey = "j",
            ScheduledUtc = t0.AddSeconds(i), NotBeforeUtc = t0.AddSeconds(i), EndedUtc = t0.AddSeconds(i), Status = RunStatus.Succeeded,
        }).ToList());
    }
}
