using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using Kairos.IntegrationTests.Cluster;
using Kairos.IntegrationTests.Plugins;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// <c>kairos exec</c> as a real process: one run of a plugin job or a <c>.csx</c> file, its log on the console, the
/// exit code from its outcome, no other fire, and never a store a running host holds.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed partial class ExecTests : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-exec-test-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] arguments) => Cli.RunAsync(KairosDll, _root, arguments);

    /// <summary>
    /// A plugins folder with a succeeding and a failing job, and a scripts folder with a job due every second and one
    /// that takes 2.5 s (during which the first would fire, were the scheduler's triggers running).
    /// </summary>
    private void DeployJobs()
    {
        var plugins = Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName;
        PluginFixtures.Deploy("StartupPlugin", plugins);
        PluginFixtures.Deploy("ThrowingCtorPlugin", plugins);
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        File.WriteAllText(Path.Combine(scripts, "ticker.csx"), "// kairos: id = exec.ticker\n// kairos: cron = * * * * * *\nLogger.LogInformation(\"ticker fired\");\n");
        File.WriteAllText(Path.Combine(scripts, "slow.csx"), "// kairos: id = exec.slow\nawait Task.Delay(2500, CancellationToken);\nLogger.LogInformation(\"slow done\");\n");
    }

    [Fact]
    public async Task Exec_RunsAPluginJobOnce_WithItsLog_RecordsItInTheGivenStore_AndNoOtherJobFires()
    {
        DeployJobs();
        Directory.CreateDirectory(Path.GetDirectoryName(Db)!);

        var (exit, stdout, stderr) = await Kairos("exec", "fixtures.greeter", "--db", Db);
        var (slowExit, _, slowError) = await Kairos("exec", "exec.slow", "--db", Db);
        var (_, history, _) = await Kairos("history", "--db", Db, "--json");

        Assert.True(exit == 0, stderr);
        Assert.Matches("^succeeded: run [0-9a-f]{32} of fixtures.greeter in [0-9.]+ s$", stdout.TrimEnd());
        Assert.Contains("greeting ", stderr, StringComparison.Ordinal);
        Assert.True(slowExit == 0, slowError);
        Assert.Contains("slow done", slowError, StringComparison.Ordinal);
        Assert.DoesNotContain("ticker fired", stderr + slowError, StringComparison.Ordinal);
        var runs = JsonDocument.Parse(history).RootElement.EnumerateArray()
            .Select(r => (r.GetProperty("jobId").GetString(), r.GetProperty("status").GetString())).Order().ToList();
        Assert.Equal([("exec.slow", "succeeded"), ("fixtures.greeter", "succeeded")], runs);
    }

    [Fact]
    public async Task Exec_ExitsOne_WithTheError_WhenTheJobFails_AndMakesOneAttempt()
    {
        DeployJobs();

        var (exit, stdout, stderr) = await Kairos("exec", "fixtures.throwing-ctor");

        Assert.Equal(1, exit);
        Assert.StartsWith("failed: run ", stdout, StringComparison.Ordinal);
        Assert.Contains("kairos: error: ", stderr, StringComparison.Ordinal);
        Assert.Contains("the connection string is missing", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ticker fired", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_ListsTheKnownJobs_ForAnUnknownId()
    {
        DeployJobs();

        var (exit, _, stderr) = await Kairos("exec", "no.such-job");

        Assert.Equal(4, exit);
        Assert.Contains($"kairos: error: job 'no.such-job' is unknown: expected one of exec.slow, exec.ticker, fixtures.greeter, fixtures.throwing-ctor (plugins '{Path.Combine(_root, "plugins")}', scripts '{Path.Combine(_root, "scripts")}')",
            stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_RunsACsxFileOutsideAnyScriptsFolder_WithItsHeaderAndData_OnATemporaryStoreItDeletes()
    {
        var elsewhere = Directory.CreateDirectory(Path.Combine(_root, "elsewhere")).FullName;
        File.WriteAllText(Path.Combine(elsewhere, "hello.csx"), """
            // kairos: id = exec.hello
            // kairos: timeout = 1s
            Logger.LogInformation("hello {Name}", GetDataString("name", "nobody"));
            if (GetDataString("mode", "") == "slow") await Task.Delay(Timeout.Infinite, CancellationToken);
            """);

        var (exit, stdout, stderr) = await Kairos("exec", "elsewhere/hello.csx", "--data", """{"name": "ada"}""");
        var (slowExit, slowOut, _) = await Kairos("exec", "elsewhere/hello.csx", "--data", """{"mode": "slow"}""");
        var (badExit, _, badError) = await Kairos("exec", "elsewhere/hello.csx", "--data", "{name: ada}");
        var (missingExit, _, missingError) = await Kairos("exec", "elsewhere/missing.csx");

        Assert.True(exit == 0, stderr);
        Assert.StartsWith("succeeded: run ", stdout, StringComparison.Ordinal);
        Assert.Contains("hello ada", stderr, StringComparison.Ordinal);
        var store = StoreLine().Match(stderr);
        Assert.True(store.Success, stderr);
        Assert.False(Directory.Exists(Path.GetDirectoryName(store.Groups[1].Value)), "the temporary store is left behind");
        Assert.Equal(3, slowExit);
        Assert.StartsWith("timed-out: run ", slowOut, StringComparison.Ordinal);
        Assert.Equal(2, badExit);
        Assert.StartsWith("kairos: error: --data '{name: ada}' is not JSON: ", badError, StringComparison.Ordinal);
        Assert.Equal(4, missingExit);
        Assert.Equal($"kairos: error: script file '{Path.Combine(elsewhere, "missing.csx")}' does not exist", missingError.TrimEnd());
    }

    [Fact]
    public async Task Exec_ReportsACompileError_AtItsFileAndLine()
    {
        File.WriteAllText(Path.Combine(_root, "broken.csx"), "// kairos: id = exec.broken\n\nvar total = 1 + 2\nLogger.LogInformation(\"{Total}\", total);\n");

        var (exit, stdout, stderr) = await Kairos("exec", "broken.csx");

        Assert.Equal(2, exit);
        Assert.Equal("", stdout);
        Assert.Contains("kairos: error: script 'broken.csx' does not compile:", stderr, StringComparison.Ordinal);
        Assert.Contains("kairos: error: broken.csx(3,18): error CS1002: ; expected", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_RefusesTheStoreOfARunningHost_NamingTheFile()
    {
        DeployJobs();
        using var host = HostProcess.Start("exec-held", KairosDll, ["run", "--db", Db], new Dictionary<string, string> { ["KAIROS_NodeId"] = "exec-held" }, _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));

        var (exit, stdout, stderr) = await Kairos("exec", "fixtures.greeter", "--db", Db);

        Assert.Equal(5, exit);
        Assert.Equal("", stdout);
        Assert.Equal(
            $"kairos: error: store '{Db}' is held by a running host: exec never opens a running host's store; leave out --db (exec then runs on a temporary store) or stop that host",
            stderr.TrimEnd());
    }

    [Fact]
    public async Task Exec_WaitsForADebugger_SayingItsProcessId_UntilEnterIsPressed()
    {
        File.WriteAllText(Path.Combine(_root, "wait.csx"), "// kairos: id = exec.wait\nLogger.LogInformation(\"ran after the wait\");\n");
        using var process = Start("exec", "wait.csx", "--wait-for-debugger");
        var stdout = process.StandardOutput.ReadToEndAsync();

        var waiting = await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.StandardInput.WriteLineAsync();
        var rest = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.StartsWith($"kairos: waiting for a debugger to attach to process {process.Id} ", waiting, StringComparison.Ordinal);
        Assert.Equal(0, process.ExitCode);
        Assert.StartsWith("kairos: running without a debugger", rest, StringComparison.Ordinal);
        Assert.Contains("ran after the wait", rest, StringComparison.Ordinal);
        Assert.StartsWith("succeeded: run ", await stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exec_CancelsTheRun_OnCtrlC_AndExits130()
    {
        File.WriteAllText(Path.Combine(_root, "long.csx"), "// kairos: id = exec.long\nLogger.LogInformation(\"waiting\");\nawait Task.Delay(Timeout.Infinite, CancellationToken);\n");
        using var process = Start("exec", "long.csx");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var log = new System.Text.StringBuilder();
        while (await process.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) is { } line)
        {
            log.AppendLine(line);
            if (line.Contains("waiting", StringComparison.Ordinal))
            {
                break;
            }
        }

        using (var kill = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }
        log.Append(await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60)));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(process.ExitCode == 130, log.ToString());
        Assert.StartsWith("cancelled: run ", await stdout, StringComparison.Ordinal);
        Assert.Contains("cancelled by exec:", log.ToString(), StringComparison.Ordinal);
    }

    private Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root,
        };
        start.ArgumentList.Add(KairosDll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return Process.Start(start)!;
    }

    [GeneratedRegex("Store: LiteDB file (.+?), created now")]
    private static partial Regex StoreLine();
}
