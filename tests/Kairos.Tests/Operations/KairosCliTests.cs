using Kairos.Host.Operations.Cli;

namespace Kairos.Tests.Operations;

public sealed class KairosCliTests
{
    [Theory]
    [InlineData("history", "--bogus")]
    [InlineData("trigger", "--now")]
    [InlineData("pause", "-x")]
    public void AnUnknownOption_IsAUsageError_NotAJobId(string verb, string option)
    {
        var parsed = KairosCli.Build().Parse([verb, option]);

        var error = Assert.Single(parsed.Errors);
        Assert.Contains($"'{option}'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("history", "billing.nightly")]
    [InlineData("history")]
    [InlineData("trigger", "billing.nightly")]
    public void AJobId_OrNone_ParsesCleanly(params string[] args)
    {
        Assert.Empty(KairosCli.Build().Parse(args).Errors);
    }
}
