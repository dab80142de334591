using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The real <c>kairos run</c> process with a script dropped into its scripts folder that calls
/// <c>Environment.Exit(3)</c> every second: it is refused at compile time (KRS110), so the host stays up and runs
/// its other jobs (issue #18: the script ended the whole host with exit code 3).
/// </summary>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ProcessEndingScriptTests : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-exit-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    [Fact]
    public async Task ScriptCallingEnvironmentExit_DroppedIntoARunningHost_IsRefusedWithKRS110_AndTheHostKeepsRunningItsJobs()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "ok.csx"), """
            // kairos: id = test.ok
            Logger.LogInformation("ok ran as {RunId}", RunId);
            """);
        using var host = HostProcess.Start("exit", KairosDll, ["run", "--db", Db, "--create", "--scripts", scripts, "--plugins", ""],
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "exit" }, _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));

        // Written beside and renamed in, as an editor saves: the host never reads half a file.
        var staged = Path.Combine(_root, "quit.csx");
        await File.WriteAllTextAsync(staged, """
            // kairos: id = test.quit
            // kairos: interval = 1s
            Logger.LogInformation("quit ran");
            Environment.Exit(3);
            """);
        File.Move(staged, Path.Combine(scripts, "quit.csx"));
        await host.WaitForOutputAsync("quit.csx(4,1): error KRS110: calls System.Environment.Exit, which ends the host process", TimeSpan.FromSeconds(60));

        var info = JsonDocument.Parse(await Succeeds(Kairos("info", "--json"))).RootElement;
        var quit = Assert.Single(info.GetProperty("scripts").GetProperty("scripts").EnumerateArray(), s => s.GetProperty("path").GetString() == "quit.csx");
        Assert.Equal("broken", quit.GetProperty("state").GetString());
        Assert.StartsWith("quit.csx(4,1): error KRS110: calls System.Environment.Exit", Assert.Single(quit.GetProperty("diagnostics").EnumerateArray()).GetString(), StringComparison.Ordinal);

        var triggered = await Succeeds(Kairos("trigger", "test.ok"));
        Assert.StartsWith("queued run ", triggered, StringComparison.Ordinal);
        await host.WaitForOutputAsync("ok ran as", TimeSpan.FromSeconds(60));

        Assert.False(host.HasExited, $"the host exited with {(host.HasExited ? host.ExitCode : 0)}:\n{host.Output}");
        Assert.DoesNotContain("quit ran", host.Output, StringComparison.Ordinal);
        host.Stop(TimeSpan.FromSeconds(30));
        Assert.Equal(0, host.ExitCode);
    }

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stdout}{stderr}");
        return stdout;
    }
    [Fact]
    public async Task AnAllowedEnvironmentExit_EndsTheHostWithItsCode_AfterTheRunsInFlightAreRecorded()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "quit.csx"), """
            // kairos: id = test.quit
            // kairos: interval = 1h
            Logger.LogInformation("quit ran");
            Environment.Exit(3);
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "slow.csx"), """
            // kairos: id = test.slow
            // kairos: interval = 1h
            Logger.LogInformation("slow started");
            await Task.Delay(TimeSpan.FromMinutes(5), CancellationToken);
            """);
        using var host = HostProcess.Start("exit", KairosDll, ["run", "--db", Db, "--create", "--scripts", scripts, "--plugins", ""],
            new Dictionary<string, string>
            {
                ["KAIROS_NodeId"] = "exit", ["KAIROS_AllowProcessExit"] = "true",
                ["KAIROS_ShutdownGrace"] = "1s", ["KAIROS_CancellationGrace"] = "1s",
            },
            _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        await Succeeds(Kairos("trigger", "test.slow"));
        await host.WaitForOutputAsync("slow started", TimeSpan.FromSeconds(60));

        await Succeeds(Kairos("trigger", "test.quit"));

        Assert.True(host.WaitForExit(TimeSpan.FromSeconds(60)), $"the host did not exit:\n{host.Output}");
        Assert.True(host.ExitCode == 3, $"exit code {host.ExitCode}:\n{host.Output}");
        var history = JsonDocument.Parse(await Succeeds(Kairos("history", "--json", "--limit", "10"))).RootElement.EnumerateArray()
            .ToDictionary(r => r.GetProperty("jobId").GetString()!, r => r.GetProperty("status").GetString());
        Assert.True(history["test.quit"] == "interrupted" && history["test.slow"] == "interrupted",
            $"quit: {history["test.quit"]}, slow: {history["test.slow"]}:\n{host.Output}");
    }
}
