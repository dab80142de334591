using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Storage;

public sealed class KairosBsonMapperTests
{
    [Fact]
    public void Take_NeverHandsOneMapperToTwoStores_WhenStoresOpenWhilePrepared()
    {
        var taken = new System.Collections.Concurrent.ConcurrentBag<LiteDB.BsonMapper>();
        Parallel.For(0, 16, i =>
        {
            if (i % 2 == 0)
            {
                KairosBsonMapper.Prepare();
            }
            taken.Add(KairosBsonMapper.Take());
        });

        Assert.Equal(16, taken.Distinct().Count());
    }

    [Fact]
    public void PreparedMapper_MapsARunAsAFreshOneDoes()
    {
        KairosBsonMapper.Prepare();
        var prepared = KairosBsonMapper.Take();
        var run = new RunRecord
        {
            Id = "r1", JobId = "j", TriggerKey = "t", ConcurrencyKey = "j", Status = RunStatus.Pending,
            ScheduledUtc = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), NotBeforeUtc = new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero),
            Log = ["one"],
        };

        Assert.Equal(KairosBsonMapper.Create().ToDocument(run).ToString(), prepared.ToDocument(run).ToString());
    }
}
