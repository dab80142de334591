using System.Text.Json;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Operations.Views;
using Kairos.Host.Scripts;
using Kairos.IntegrationTests.Scripts.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// Chains declared on a plugin job (<see cref="JobAttribute.OnSuccess"/>, <see cref="JobAttribute.OnFailure"/>) to
/// script jobs, in a real host with both sources: the chained runs are queued with the outcome and run.
/// </summary>
[Collection(PluginTestGroup.Name)]
public sealed class DeclaredChainTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _root = Path.Combine(Path.GetTempPath(), "kairos-chain-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the stopped host; the temp folder is cleaned later.
        }
    }

    [Fact]
    public async Task APluginJobsSuccess_QueuesItsOnSuccessScript_AndItsFailureAfterTheLastAttempt_ItsOnFailureScript()
    {
        const string target = "Logger.LogInformation(\"{Job} got {Data}\", JobId, DataJson);\n";
        ScriptHost.Seed(_root, "publish.csx", "// kairos: id = scripts.publish\n" + target);
        ScriptHost.Seed(_root, "alert.csx", "// kairos: id = scripts.alert\n" + target);
        PluginFixtures.Deploy("ChainingPlugin", Path.Combine(_root, "plugins"));
        var logs = new LogCollector();
        using var host = BuildHost(logs);
        var catalog = host.Services.GetRequiredService<JobCatalog>();
        var loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += change =>
        {
            if (change.Snapshot.RunnableJobIds.IsSupersetOf(["fixtures.report", "scripts.publish", "scripts.alert"]))
            {
                loaded.TrySetResult();
            }
        };
        await host.StartAsync();
        await loaded.Task.WaitAsync(Limit);
        var operations = host.Services.GetRequiredService<KairosOperations>();
        var scheduler = operations.Scheduler;

        var report = operations.Jobs().Single(j => j.Id == "fixtures.report");
        Assert.Equal(["scripts.publish"], report.OnSuccess);
        Assert.Equal(["scripts.alert"], report.OnFailure);

        var succeeded = await scheduler.WaitForRunAsync(await scheduler.TriggerAsync("fixtures.report", """{"day":"2026-03-01"}"""), Limit);
        Assert.Equal(RunStatus.Succeeded, succeeded.Status);
        var published = await scheduler.WaitForRunAsync(await ChainedRunAsync(logs, succeeded.Id), Limit);
        Assert.Equal(("scripts.publish", RunOrigin.Chain, RunStatus.Succeeded), (published.JobId, published.Origin, published.Status));
        using (var data = JsonDocument.Parse(published.DataJson!))
        {
            Assert.Equal((succeeded.Id, "fixtures.report", "succeeded"),
                (data.RootElement.GetProperty("parentRunId").GetString(), data.RootElement.GetProperty("parentJobId").GetString(), data.RootElement.GetProperty("status").GetString()));
            Assert.Equal("2026-03-01", data.RootElement.GetProperty("data").GetProperty("day").GetString());
        }

        var firstAttempt = await scheduler.WaitForRunAsync(await scheduler.TriggerAsync("fixtures.report", """{"fail":true}"""), Limit);
        Assert.Equal(RunStatus.Retrying, firstAttempt.Status);
        var lastAttempt = (await scheduler.GetRunsAsync(new RunQuery { JobId = "fixtures.report", Limit = 10 })).Runs.First(r => r.Attempt == 2);
        lastAttempt = await scheduler.WaitForRunAsync(lastAttempt.Id, Limit);
        Assert.Equal(RunStatus.Failed, lastAttempt.Status);
        var alerted = await scheduler.WaitForRunAsync(await ChainedRunAsync(logs, lastAttempt.Id), Limit);
        Assert.Equal(("scripts.alert", RunOrigin.Chain, RunStatus.Succeeded), (alerted.JobId, alerted.Origin, alerted.Status));
        using (var data = JsonDocument.Parse(alerted.DataJson!))
        {
            Assert.Equal((lastAttempt.Id, "failed", "report source unreachable"),
                (data.RootElement.GetProperty("parentRunId").GetString(), data.RootElement.GetProperty("status").GetString(), data.RootElement.GetProperty("error").GetString()));
            Assert.True(data.RootElement.GetProperty("data").GetProperty("fail").GetBoolean());
        }
        // The retried attempt chained nothing; each outcome queued exactly one run.
        Assert.Equal(2, logs.Count(1061));
        Assert.Single((await scheduler.GetRunsAsync(new RunQuery { JobId = "scripts.alert", Limit = 10 })).Runs);
        Assert.Single((await scheduler.GetRunsAsync(new RunQuery { JobId = "scripts.publish", Limit = 10 })).Runs);

        await host.StopAsync();
    }

    /// <summary>The id of the run <paramref name="parentRunId"/> chained to, from the host's event 1061.</summary>
    private static async Task<string> ChainedRunAsync(LogCollector logs, string parentRunId)
    {
        var chained = await logs.WaitForAsync(e => e.EventId == 1061 && e.Message.StartsWith($"Run {parentRunId} ", StringComparison.Ordinal), Limit);
        return chained.Message.Split("queued run ")[1];
    }

    private IHost BuildHost(LogCollector logs)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(_root, "data", "kairos.db");
            o.CreateStore = true;
            o.ScriptsPath = Path.Combine(_root, "scripts");
            o.PluginsPath = Path.Combine(_root, "plugins");
            o.ControlApi = false;
        });
        builder.Services.Configure<ScriptSourceOptions>(o => o.Debounce = TimeSpan.FromMilliseconds(50));
        return builder.Build();
    }
}
