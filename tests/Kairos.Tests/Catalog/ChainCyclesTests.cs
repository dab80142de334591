using Kairos.Host.Catalog;

namespace Kairos.Tests.Catalog;

public sealed class ChainCyclesTests
{
    private static Func<string, IReadOnlyList<string>> Graph(params (string From, string To)[] links) =>
        id => [.. links.Where(l => l.From == id).Select(l => l.To)];

    [Fact]
    public void Closed_NamesTheLoop_WhenATargetLeadsBackToTheJob()
    {
        var cycle = ChainCycles.Closed("a", ["b"], Graph(("b", "c"), ("c", "a")));

        Assert.Equal(["a", "b", "c", "a"], cycle);
    }

    [Fact]
    public void Closed_NamesTheLoop_WhenAJobChainsToItself()
    {
        Assert.Equal(["a", "a"], ChainCycles.Closed("a", ["a"], Graph()));
    }

    [Fact]
    public void Closed_IsNull_WhenChainsFanOutAndJoinWithoutALoop()
    {
        // a -> b, a -> c, b -> d, c -> d: a diamond, not a loop.
        Assert.Null(ChainCycles.Closed("a", ["b", "c"], Graph(("b", "d"), ("c", "d"))));
    }

    [Fact]
    public void Closed_IsNull_WhenALoopElsewhereDoesNotPassThroughTheJob()
    {
        Assert.Null(ChainCycles.Closed("a", ["b"], Graph(("b", "c"), ("c", "b"))));
    }

    [Fact]
    public void Closed_FindsTheLoop_ThroughTheSecondTarget()
    {
        Assert.Equal(["a", "c", "a"], ChainCycles.Closed("a", ["b", "c"], Graph(("b", "d"), ("c", "a"))));
    }

    [Fact]
    public void Describe_NamesTheLoopAndTheRefusedJob()
    {
        Assert.StartsWith("chain cycle a -> b -> a: job 'a' closes it, so it is not loaded", ChainCycles.Describe("a", ["a", "b", "a"]));
    }
}
