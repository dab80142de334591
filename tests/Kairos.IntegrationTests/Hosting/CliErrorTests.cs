using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The real <c>kairos</c> process: a verb (or <c>run</c>) that fails says why on one line, with exit code 1, and leaves
/// nothing behind; bad settings, a malformed <c>kairos.json</c>, a store in a missing folder and a store another host holds.
/// </summary>
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

    private const string Durations = "expected a duration such as '90' (seconds), '90s', '500ms', '5m', '2h', '1d' or '00:05:00'";

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData("run")]
    [InlineData("jobs")]
    public async Task ASettingThatCannotBeRead_IsOneLineNamingTheSettingTheValueAndTheForms(string verb)
    {
        var environment = new Dictionary<string, string> { ["KAIROS_MisfireThreshold"] = "abc" };

        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, environment, verb);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal($"kairos: error: Kairos:MisfireThreshold is 'abc': {Durations}", stderr.TrimEnd());
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Theory]
    [InlineData("run")]
    [InlineData("jobs")]
    public async Task AMalformedSettingsFile_IsOneLineNamingTheFileLineAndColumn(string verb)
    {
        var file = Path.Combine(_root, "kairos.json");
        await File.WriteAllTextAsync(file, "{\n  \"Kairos\": {\n    \"MaxConcurrency\": 4\n    \"ScriptsPath\": \"scripts\"\n  }\n}\n");

        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, verb);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.TrimEnd().Split('\n'));
        Assert.StartsWith($"kairos: error: settings file '{file}' is not valid JSON at line 4, column 5: ", line);
        Assert.Equal(["kairos.json"], Directory.GetFileSystemEntries(_root).Select(Path.GetFileName));
    }

    [Fact]
    public async Task AnUnknownKairosSetting_IsAWarningWithTheClosestSetting_AndPluginAndClusterSettingsAreNot()
    {
        await File.WriteAllTextAsync(Path.Combine(_root, "kairos.json"), """
            { "Kairos": { "MaxConcurency": 3, "Cluster": { "NodeTimeout": "1m" }, "Plugins": { "Billing": { "AnyKey": { "Deep": 1 } } } } }
            """);
        var db = Path.Combine(_root, "typo.db");

        var (exit, _, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "jobs", "--db", db);

        Assert.Equal(1, exit);
        Assert.Equal(
            [
                "kairos: warning: unknown setting Kairos:MaxConcurency is ignored: did you mean Kairos:MaxConcurrency?",
                $"kairos: error: store '{db}' does not exist: start the host once ('kairos run') or pass --db FILE",
            ],
            stderr.TrimEnd().Split('\n'));
    }

    [Fact]
    public async Task Run_RefusesAStoreInAFolderThatDoesNotExist_InOneLine_AndCreatesNothing()
    {
        var db = Path.Combine(_root, "nope", "deeper", "kairos.db");

        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "run", "--db", db, "--plugins", "", "--scripts", "");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"kairos: error: store '{db}' cannot be created: folder '{Path.GetDirectoryName(db)}' does not exist; check the path, or add --create (Kairos:CreateStore) to create it",
            stderr.TrimEnd());
        Assert.Empty(Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public async Task Run_WithCreate_CreatesTheFolder_LogsTheStore_ReadsDurationForms_AndWarnsOfAnUnknownSetting()
    {
        var db = Path.Combine(_root, "nope", "deeper", "kairos.db");
        using var host = HostProcess.Start("created", ClusterHarness.KairosDll, ["run", "--db", db, "--create", "--plugins", "", "--scripts", ""],
            new Dictionary<string, string> { ["KAIROS_MisfireThreshold"] = "90s", ["KAIROS_LeaseDuration"] = "1m", ["KAIROS_MaxConcurency"] = "3" }, _root);

        await host.WaitForOutputAsync("Application started", Startup);

        Assert.Contains($"Store: LiteDB file {db}, created now (new and empty)", host.Output);
        Assert.Single(host.Output.Split('\n'), l => l.Contains("unknown setting Kairos:MaxConcurency is ignored: did you mean Kairos:MaxConcurrency?", StringComparison.Ordinal));
        Assert.True(File.Exists(db));
        host.Stop(Startup);
        Assert.Equal(0, host.ExitCode);
    }

    [Fact]
    public async Task ASecondHostOnAHeldStore_IsRefusedInOneLine_BeforeLoadingAnything()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "hello.csx"), "// kairos: id = test.hello\n// kairos: interval = 1h\nLogger.LogInformation(\"hello\");\n");
        var db = Path.Combine(_root, "data", "kairos.db");
        // The default store path: its folder is created (the quick start's 'dotnet run' on a fresh clone).
        using var first = HostProcess.Start("first", ClusterHarness.KairosDll, ["run", "--plugins", ""], workingDirectory: _root);
        await first.WaitForOutputAsync($"Store: LiteDB file {db}, created now", Startup);

        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "run", "--plugins", "");

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"kairos: error: store '{db}' is in use by another Kairos process (lock file '{db}.lock' is held): stop it or use its control API (the CLI does this for you)",
            stderr.TrimEnd());
        first.Stop(Startup);
    }
}
