namespace Kairos.IntegrationTests.Plugins;

/// <summary>A plugin job that drives the scheduler through <see cref="JobContext.Scheduler"/>, in a real host.</summary>
[Collection(PluginTestGroup.Name)]
public sealed class PluginChainingTests
{
    [Fact]
    public async Task APluginJob_TriggersAnotherJobWithDataDerivedFromItsRun_ThroughJobContextScheduler()
    {
        await using var host = PluginsInARunningHost.Create();
        host.Deploy("ChainingPlugin");
        await host.StartAsync();
        var scheduler = host.Operations.Scheduler;

        var firstId = await scheduler.TriggerAsync("fixtures.chain-first", """{"n":41}""");
        var first = await scheduler.WaitForRunAsync(firstId, PluginsInARunningHost.Limit);
        Assert.True(first.Status == RunStatus.Succeeded, $"{first.Status}: {first.ErrorMessage}");
        var secondId = Assert.Single(first.Log, l => l.Contains("chained ", StringComparison.Ordinal)).Split("chained ")[1].Trim();
        var second = await scheduler.WaitForRunAsync(secondId, PluginsInARunningHost.Limit);

        Assert.Equal(("fixtures.chain-second", "manual", RunStatus.Succeeded), (second.JobId, second.TriggerKey, second.Status));
        Assert.Equal($$"""{"n":42,"from":"{{firstId}}"}""", second.DataJson);
    }

    [Fact]
    public async Task APluginsStartup_GetsTheScheduler_WhichActsAsThePlugin()
    {
        await using var host = PluginsInARunningHost.Create();
        host.Deploy("ChainingPlugin");
        await host.StartAsync();
        var scheduler = host.Operations.Scheduler;

        var run = await scheduler.WaitForRunAsync(await scheduler.TriggerAsync("fixtures.chain-freeze"), PluginsInARunningHost.Limit);

        Assert.True(run.Status == RunStatus.Succeeded, $"{run.Status}: {run.ErrorMessage}");
        var frozen = (await scheduler.GetJobAsync("fixtures.chain-second"))!;
        Assert.Equal((JobState.Paused, "frozen by the plugin", "plugin:ChainingPlugin"), (frozen.State, frozen.StateReason, frozen.PausedBy));
    }
}
