using Kairos.IntegrationTests.Plugins;
using Kairos.Testing;

namespace Kairos.IntegrationTests.Testing;

/// <summary>
/// <see cref="KairosTestHost"/> over a real built plugin (tests/Fixtures/Plugins/TestKitPlugin) in its own load context:
/// the runs it makes on the fake clock, with retries, a timeout and the overlap policy.
/// </summary>
public sealed class KairosTestHostTests
{
    private static Task<KairosTestHost> StartAsync()
    {
        var options = new KairosTestHostOptions();
        options.Plugins.Add(PluginFixtures.OutputOf("TestKitPlugin"));
        return KairosTestHost.StartAsync(options);
    }

    [Fact]
    public async Task AdvanceAsync_RetriesAFailingRun_UntilItsLastAttemptSucceeds()
    {
        await using var host = await StartAsync();

        await host.Scheduler.TriggerAsync("testkit.flaky");
        for (var i = 0; i < 3; i++)
        {
            await host.AdvanceAsync(TimeSpan.FromSeconds(30));
        }
        var runs = await host.WaitForRunsAsync("testkit.flaky", r => r.Any(x => x.Status == RunStatus.Succeeded));

        Assert.Equal(
            [(1, RunStatus.Retrying), (2, RunStatus.Retrying), (3, RunStatus.Succeeded)],
            runs.OrderBy(r => r.Attempt).Select(r => (r.Attempt, r.Status)));
        Assert.Contains("attempt 1 failed on purpose", runs.Single(r => r.Attempt == 1).ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AdvanceAsync_TimesOutARun_WhenTheClockPassesItsTimeout()
    {
        await using var host = await StartAsync();

        await host.Scheduler.TriggerAsync("testkit.slow");
        await host.AdvanceAsync(TimeSpan.FromSeconds(29));
        await host.WaitForRunsAsync("testkit.slow", r => r.Count == 1 && r[0].Status == RunStatus.Running);
        await host.AdvanceAsync(TimeSpan.FromSeconds(2));
        var runs = await host.WaitForRunsAsync("testkit.slow", r => r.Count == 1 && r[0].Status != RunStatus.Running);

        var run = Assert.Single(runs);
        Assert.Equal(RunStatus.TimedOut, run.Status);
        // Exact to one step of the clock (KairosTestHostOptions.Step, 1 s).
        Assert.InRange(run.Duration!.Value, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(31));
    }

    [Fact]
    public async Task AdvanceAsync_SkipsFiresDueWhileARunIsRunning_UnderTheSkipPolicy()
    {
        await using var host = await StartAsync();

        await host.AdvanceAsync(TimeSpan.FromMinutes(3));
        var running = await host.WaitForRunsAsync("testkit.overlap", r => r.Count == 3 && r.Any(x => x.Status == RunStatus.Running));
        Assert.Equal([RunStatus.Running, RunStatus.Skipped, RunStatus.Skipped], running.OrderBy(r => r.ScheduledUtc).Select(r => r.Status));

        await host.AdvanceAsync(TimeSpan.FromMinutes(1));
        var runs = await host.WaitForRunsAsync("testkit.overlap", r => r.Count == 4 && r.Any(x => x.Status == RunStatus.Succeeded) && r.Any(x => x.Status == RunStatus.Running));

        Assert.Equal(
            [RunStatus.Succeeded, RunStatus.Skipped, RunStatus.Skipped, RunStatus.Running],
            runs.OrderBy(r => r.ScheduledUtc).Select(r => r.Status));
        var first = runs.MinBy(r => r.ScheduledUtc)!;
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 1, 0, TimeSpan.Zero), first.ScheduledUtc);
        // The job's own Task.Delay on the test clock resumes on the thread pool: on a loaded machine (a CI run) a few
        // steps may pass before it does (AdvanceAsync's documented exception to "exact to one step").
        Assert.InRange(first.Duration!.Value, TimeSpan.FromSeconds(150), TimeSpan.FromSeconds(160));
    }

    [Fact]
    public async Task StartAsync_LoadsThePluginIntoItsOwnLoadContext()
    {
        await using var host = await StartAsync();

        var info = await host.Scheduler.GetInfoAsync();

        Assert.Contains(info.Plugins, p => p.Name == "TestKitPlugin");
        Assert.DoesNotContain(AppDomain.CurrentDomain.GetAssemblies(), a =>
            a.GetName().Name == "TestKitPlugin" && System.Runtime.Loader.AssemblyLoadContext.GetLoadContext(a) == System.Runtime.Loader.AssemblyLoadContext.Default);
    }
}
