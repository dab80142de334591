using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// Issue #18 item 3 as reported, on the real <c>kairos run</c> process: after <c>chmod 777</c> on the running host's
/// scripts folder, a script dropped into it was compiled and ran twice within 2 s. Trust is now checked at every load.
/// </summary>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class UnsafeFolderTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-trust-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    [Fact]
    public async Task AScriptDroppedIntoTheRunningHostsScriptsFolder_NeverRuns_AndTheFolderIsReported_WhenTheFolderWasMadeWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        var ticks = Path.Combine(_root, "ticks.txt");
        var marker = Path.Combine(_root, "dropped-ran.txt");
        // A job that runs every second and counts its runs: the test's clock, so it waits on output, not on sleeps.
        await File.WriteAllTextAsync(Path.Combine(scripts, "tick.csx"), $$"""
            // kairos: id = test.tick
            // kairos: interval = 1s
            File.AppendAllText({{JsonSerializer.Serialize(ticks)}}, "x\n");
            Logger.LogInformation("tick #{Count}", File.ReadAllLines({{JsonSerializer.Serialize(ticks)}}).Length);
            """);
        using var host = HostProcess.Start("trust", ClusterHarness.KairosDll, ["run", "--db", Db, "--create", "--scripts", scripts, "--plugins", ""],
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "trust" }, _root);
        await host.WaitForOutputAsync("tick #1", TimeSpan.FromSeconds(120));

        File.SetUnixFileMode(scripts, (UnixFileMode)0b111_111_111);
        await File.WriteAllTextAsync(Path.Combine(scripts, "dropped.csx"), $$"""
            // kairos: id = test.dropped
            // kairos: interval = 1s
            File.AppendAllText({{JsonSerializer.Serialize(marker)}}, "ran\n");
            Logger.LogInformation("dropped script ran");
            """);

        var refusal = $"'{scripts}' is writable by every user (mode 777)";
        await host.WaitForOutputAsync($"Script dropped.csx refused: {refusal}", TimeSpan.FromSeconds(30));
        // Three more ticks after the refusal: the dropped job, had it been published, would have run by then.
        var seen = File.ReadAllLines(ticks).Length;
        await host.WaitForOutputAsync($"tick #{seen + 3}", TimeSpan.FromSeconds(30), after: "Script dropped.csx refused");

        Assert.DoesNotContain("dropped script ran", host.Output, StringComparison.Ordinal);
        Assert.False(File.Exists(marker), $"the dropped script ran:\n{host.Output}");
        Assert.Contains($"run 'chmod o-w {scripts}'", host.Output, StringComparison.Ordinal);
        var (exit, jobs, error) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "jobs", "--json", "--db", Db);
        Assert.True(exit == 0, error);
        var dropped = Assert.Single(JsonDocument.Parse(jobs).RootElement.EnumerateArray(), j => j.GetProperty("id").GetString() == "test.dropped");
        Assert.Equal("broken", dropped.GetProperty("state").GetString());
        Assert.Contains(refusal, Assert.Single(dropped.GetProperty("problems").EnumerateArray()).GetString(), StringComparison.Ordinal);

        host.Stop(TimeSpan.FromSeconds(30));
    }
}
