using Kairos.Host.Catalog;

namespace Kairos.Tests.Catalog;

public sealed class ChainTargetsTests
{
    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("  ", "")]
    [InlineData("reports.publish", "reports.publish")]
    [InlineData(" reports.publish , audit.notify ", "reports.publish,audit.notify")]
    [InlineData("a,b,a", "a,b")]
    public void TryNormalize_KeepsEachIdOnce_InOrder_WithoutSpaces(string? text, string expected)
    {
        Assert.True(ChainTargets.TryNormalize(text, out var normalized, out var error), error);
        Assert.Equal(expected, normalized);
    }

    [Theory]
    [InlineData("Reports", "'Reports' names 'Reports': expected job ids separated by ','")]
    [InlineData("a,,b", "'a,,b' names an empty job id")]
    [InlineData("a; b", "names 'a; b'")]
    public void TryNormalize_QuotesTheBadId_WhenOneIsNotAJobId(string text, string message)
    {
        Assert.False(ChainTargets.TryNormalize(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public void Split_GivesNone_ForNoChain()
    {
        Assert.Empty(ChainTargets.Split(""));
        Assert.Equal(["a", "b"], ChainTargets.Split("a,b"));
    }
}
