using Kairos.Host.Storage.Runs;

namespace Kairos.Tests.Storage.Runs;

public sealed class RunIdsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void IdsMadeInOneMillisecond_SortInTheOrderTheyWereMade()
    {
        var ids = Enumerable.Range(0, 1000).Select(_ => RunIds.New(T0)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void Ids_AreVersion7GuidsThatSortByTheirInstant_EvenWhenTheInstantGoesBack()
    {
        var later = RunIds.New(T0.AddSeconds(1));
        var earlier = RunIds.New(T0);

        Assert.True(string.CompareOrdinal(earlier, later) < 0);
        Assert.Equal(7, Guid.ParseExact(earlier, "N").Version);
        Assert.Equal(T0.ToUnixTimeMilliseconds(), Convert.ToInt64(earlier[..12], 16));
    }
}
