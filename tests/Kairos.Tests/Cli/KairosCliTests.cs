using Kairos.Host.Cli;

namespace Kairos.Tests.Cli;

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
    [Theory]
    [InlineData("--limit 0 is invalid: expected a positive number", "history", "--limit", "0")]
    [InlineData("Cannot parse argument 'abc' for option '--limit'", "history", "--limit", "abc")]
    [InlineData("--status 'bogus' is unknown: expected one of pending, running, succeeded, failed, retrying, timed-out", "history", "--status", "bogus")]
    [InlineData("--history 'all' is invalid: expected keep or delete", "remove", "old.job", "--history", "all")]
    public void AnOptionValueOutOfRange_IsAUsageError_NamingTheValueAndTheAcceptedOnes(string expected, params string[] args)
    {
        var parsed = KairosCli.Build().Parse(args);

        Assert.StartsWith(expected, Assert.Single(parsed.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_WritesTheOptionalJobOfHistoryInBrackets_AndRequiredJobsWithout()
    {
        var help = KairosCli.Help(KairosCli.Build().Parse(["--help"])).Split('\n');

        var history = Assert.Single(help, l => l.StartsWith("  history ", StringComparison.Ordinal));
        var trigger = Assert.Single(help, l => l.StartsWith("  trigger ", StringComparison.Ordinal));
        Assert.Matches("^  history \\[<job>\\]  +Show run history", history);
        Assert.StartsWith("  trigger <job>  ", trigger, StringComparison.Ordinal);
        // The descriptions stay in one column.
        Assert.Equal(trigger.IndexOf("Run a job now", StringComparison.Ordinal), history.IndexOf("Show run history", StringComparison.Ordinal));
        Assert.Contains(help, l => l.StartsWith("  remove <job>  ", StringComparison.Ordinal));
    }
}
