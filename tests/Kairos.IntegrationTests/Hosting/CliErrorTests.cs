using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>The real <c>kairos</c> process: a verb that fails says why on one line, with exit code 1, and leaves nothing behind.</summary>
public sealed class CliErrorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-cli-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Theory]
    [InlineData("jobs")]
    [InlineData("history", "billing.nightly")]
    [InlineData("trigger", "billing.nightly")]
    public async Task AVerbOnAStoreThatDoesNotExist_PrintsOneErrorNamingTheFile_AndCreatesNothing(params string[] verb)
    {
        var db = Path.Combine(_root, "typo.db");

        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, [.. verb, "--db", db]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"kairos: error: store '{db}' does not exist: start the host once ('kairos run') or pass --db FILE", stderr.TrimEnd());
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }
}
