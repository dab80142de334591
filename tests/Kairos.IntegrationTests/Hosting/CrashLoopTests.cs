using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// A job that kills its host (here a stack overflow, which no code in the process can catch) must not crash-loop the
/// host from its store: the fire it was running is re-run at most until the host has died HostDeathLimit (2) times
/// with it in flight; then the run is recorded interrupted with the reason, the job is paused, and the host starts
/// and runs every other job (issue #18: a stored run re-ran at every start and killed the host 0.6 s later).
/// </summary>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class CrashLoopTests : IDisposable
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-crash-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private HostProcess StartHost(string name) => HostProcess.Start(name, ClusterHarness.KairosDll,
        ["run", "--db", Db, "--create", "--scripts", Path.Combine(_root, "scripts"), "--plugins", ""],
        new Dictionary<string, string> { ["KAIROS_NodeId"] = name },
        _root);

    [Fact]
    public async Task AJobThatKillsItsHost_IsPausedAfterTwoDeaths_AndTheThirdHostRunsEveryOtherJob()
    {
        Directory.CreateDirectory(Path.Combine(_root, "scripts"));
        await File.WriteAllTextAsync(Path.Combine(_root, "scripts", "boom.csx"), """
            // kairos: id = test.boom
            // kairos: interval = 1h
            // kairos: recovery = rerun
            Logger.LogInformation("boom attempt {Attempt} starting", Attempt);
            int Down(int depth) => Down(depth + 1) + 1;
            Down(0);
            """);
        await File.WriteAllTextAsync(Path.Combine(_root, "scripts", "ok.csx"), """
            // kairos: id = test.ok
            // kairos: interval = 1s
            Logger.LogInformation("ok ran");
            """);

        using (var first = StartHost("first"))
        {
            await first.WaitForOutputAsync("ok ran", TimeSpan.FromSeconds(120));
            // The run may kill the host before its answer is sent: the trigger's own exit code says nothing here.
            var (exit, _, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, "trigger", "test.boom", "--db", Db);
            Assert.True(first.WaitForExit(TimeSpan.FromSeconds(60)), $"the stack overflow did not end the first host (trigger: {exit}, {stderr}):\n{first.Output}");
        }
        using (var second = StartHost("second"))
        {
            Assert.True(second.WaitForExit(TimeSpan.FromSeconds(120)), $"the second host did not re-run the fire and die with it:\n{second.Output}");
            Assert.Contains("boom attempt", second.Output);
        }
        using (var third = StartHost("third"))
        {
            await third.WaitForOutputAsync("Job test.boom paused: the host died 2 time(s)", TimeSpan.FromSeconds(120));
            await third.WaitForOutputAsync("ok ran", TimeSpan.FromSeconds(30), after: "Job test.boom paused");
            Assert.DoesNotContain("boom attempt", third.Output);

            var history = await JsonAsync<List<HistoryRow>>("history", "test.boom", "--json", "--limit", "100");
            Assert.DoesNotContain(history, r => r.Status is "pending" or "running");
            var last = Assert.Single(history, r => r.Status == "interrupted" && r.Error?.Message?.Contains("the host died during this run 2 time(s)", StringComparison.Ordinal) == true);
            Assert.Equal(2, last.HostDeaths);
            var jobs = await JsonAsync<List<JobRow>>("jobs", "--json");
            var boom = Assert.Single(jobs, j => j.Id == "test.boom");
            Assert.Equal("paused", boom.State);
            Assert.StartsWith("auto-paused: run ", boom.PauseReason);
            Assert.Equal("active", Assert.Single(jobs, j => j.Id == "test.ok").State);
            third.Stop(TimeSpan.FromSeconds(30));
        }
    }

    private async Task<T> JsonAsync<T>(params string[] verb)
    {
        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, _root, [.. verb, "--db", Db]);
        Assert.True(exit == 0, $"{verb[0]} failed ({exit}): {stderr}");
        return JsonSerializer.Deserialize<T>(stdout, Web)!;
    }

    private sealed record HistoryRow(string Id, string Status, int Attempt, string? Node, ErrorRow? Error, int HostDeaths);

    private sealed record ErrorRow(string? Message);

    private sealed record JobRow(string Id, string State, string? PauseReason);
}
