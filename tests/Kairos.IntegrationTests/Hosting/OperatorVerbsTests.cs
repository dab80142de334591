using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// The operator verbs of #20 (<c>cancel</c>, <c>retry</c>, <c>disable</c>, <c>enable</c>, <c>audit</c>) as real
/// <c>kairos</c> processes against a running host with script jobs, through its HTTP API.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class OperatorVerbsTests : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private static readonly string Actor = "cli:" + Environment.UserName;
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-operator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb) => Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db]);

    [Fact]
    public async Task ThroughARunningHost_CancelStopsARun_RetryRunsAFailedOneAgain_DisableAndEnableSwitchAJob_AndAuditListsThemAll()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "slow.csx"), """
            // kairos: id = ops.slow
            // kairos: cron = 0 0 1 1 *
            Logger.LogInformation("slow started");
            await Task.Delay(TimeSpan.FromMinutes(10), CancellationToken);
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "flaky.csx"), """
            // kairos: id = ops.flaky
            // kairos: cron = 0 0 1 1 *
            if (Attempt == 1)
            {
                throw new InvalidOperationException("the first attempt fails");
            }
            Logger.LogInformation("attempt {Attempt} ran", Attempt);
            """);
        using var host = HostProcess.Start("operator", KairosDll, ["run", "--db", Db, "--scripts", scripts],
            new Dictionary<string, string> { ["KAIROS_NodeId"] = "operator" }, _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        await Cli.WaitForJobsAsync(Kairos, j => j.Count(x => x.GetProperty("state").GetString() == "active") == 2);

        // Cancel: the running script's token is cancelled; the run ends cancelled, naming who.
        var slow = RunIdOf(await Succeeds(Kairos("trigger", "ops.slow", "--json")));
        await WaitForRunAsync(slow, "running");
        Assert.Equal("ok", (await Succeeds(Kairos("cancel", slow))).TrimEnd());
        var cancelled = await WaitForRunAsync(slow, "cancelled");
        Assert.Equal($"cancelled by {Actor}", cancelled.GetProperty("error").GetProperty("message").GetString());
        var (againExit, _, againError) = await Kairos("cancel", slow);
        Assert.Equal((1, $"kairos: error: run '{slow}' of 'ops.slow' is cancelled: only a running run can be cancelled"), (againExit, againError.TrimEnd()));

        // Retry: the failed run's fire runs again as attempt 2, with the same trigger and instant.
        var flaky = RunIdOf(await Succeeds(Kairos("trigger", "ops.flaky", "--json")));
        var failed = await WaitForRunAsync(flaky, "failed");
        var retried = RunIdOf(await Succeeds(Kairos("retry", flaky, "--json")));
        var succeeded = await WaitForRunAsync(retried, "succeeded");
        Assert.Equal((2, "manual", failed.GetProperty("scheduledUtc").GetString()),
            (succeeded.GetProperty("attempt").GetInt32(), succeeded.GetProperty("triggerKey").GetString(), succeeded.GetProperty("scheduledUtc").GetString()));
        var (retryExit, _, retryError) = await Kairos("retry", retried);
        Assert.Equal((1, $"kairos: error: run '{retried}' of 'ops.flaky' is succeeded: only a failed, timed-out or interrupted run can be retried"), (retryExit, retryError.TrimEnd()));

        // Disable and enable: jobs shows who and why while it is off.
        await Succeeds(Kairos("disable", "ops.flaky", "--reason", "upstream down"));
        var disabled = (await Cli.WaitForJobsAsync(Kairos, _ => true)).Single(j => j.GetProperty("id").GetString() == "ops.flaky");
        Assert.Equal(("disabled", Actor, "upstream down"),
            (disabled.GetProperty("state").GetString(), disabled.GetProperty("disabledBy").GetString(), disabled.GetProperty("disabledByOperatorReason").GetString()));
        Assert.Contains($"  ops.flaky: disabled by {Actor}: upstream down", (await Succeeds(Kairos("jobs"))).ReplaceLineEndings("\n").Split('\n'));
        await Succeeds(Kairos("enable", "ops.flaky"));
        var enabled = (await Cli.WaitForJobsAsync(Kairos, _ => true)).Single(j => j.GetProperty("id").GetString() == "ops.flaky");
        Assert.Equal("active", enabled.GetProperty("state").GetString());

        // The audit trail: every action, newest first, naming the CLI's actor; of one job, and as a table.
        var audit = JsonDocument.Parse(await Succeeds(Kairos("audit", "--json"))).RootElement.EnumerateArray().ToList();
        Assert.Equal(
        [
            ("enable", "ops.flaky", null), ("disable", "ops.flaky", null), ("retry", "ops.flaky", flaky), ("trigger", "ops.flaky", flaky),
            ("cancel", "ops.slow", slow), ("trigger", "ops.slow", slow),
        ], audit.Select(e => (e.GetProperty("action").GetString(), e.GetProperty("jobId").GetString(), e.GetProperty("runId").GetString())));
        Assert.All(audit, e => Assert.Equal(Actor, e.GetProperty("actor").GetString()));
        Assert.Equal("reason=upstream down", audit[1].GetProperty("detail").GetString());
        var ofSlow = JsonDocument.Parse(await Succeeds(Kairos("audit", "ops.slow", "--limit", "1", "--json"))).RootElement;
        Assert.Equal("cancel", Assert.Single(ofSlow.EnumerateArray()).GetProperty("action").GetString());
        var table = (await Succeeds(Kairos("audit"))).ReplaceLineEndings("\n").Split('\n');
        Assert.Matches("^AT \\(UTC\\) +ACTOR +ACTION +JOB +RUN +DETAIL$", table[0]);
        Assert.Matches($"^\\d{{4}}-\\d\\d-\\d\\dT[0-9:.]+Z +{Actor} +enable +ops.flaky", table[1]);

        host.Stop(TimeSpan.FromSeconds(30));
    }

    private static string RunIdOf(string json) => JsonDocument.Parse(json).RootElement.GetProperty("runId").GetString()!;

    /// <summary>Asks the host (one CLI process per question) until the run has <paramref name="status"/>; the run as <c>show --json</c> prints it.</summary>
    private async Task<JsonElement> WaitForRunAsync(string runId, string status)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = JsonDocument.Parse(await Succeeds(Kairos("show", runId, "--json"))).RootElement;
            if (run.GetProperty("status").GetString() == status)
            {
                return run;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"timed out waiting for run {runId} to be {status}: {run}");
        }
    }

    private static async Task<string> Succeeds(Task<(int Exit, string Stdout, string Stderr)> verb)
    {
        var (exit, stdout, stderr) = await verb;
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        return stdout;
    }
}
