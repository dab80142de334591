using System.Collections.Concurrent;
using Kairos.Host.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// An application that embeds Kairos (Generic Host, AddKairos, real LiteDB file, real clock) and drives it through
/// <see cref="IScheduler"/> from DI; a script in its scripts folder drives it through its <c>Scheduler</c> global.
/// </summary>
public sealed class EmbeddedSchedulerTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-embedded-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AnApp_TriggersWithDataAndWaits_AndAScriptTriggersAnAppJobThroughItsSchedulerGlobal()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "relay.csx"), """
            // kairos: id = embedded.relay
            var order = GetDataNumber("order", 0);
            var runId = await Scheduler.TriggerAsync("embedded.record", $"{{\"order\":{order},\"via\":\"{JobId}\"}}", CancellationToken);
            Logger.LogInformation("relayed to {RunId}", runId);
            """);
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root });
        var seen = new RecordedData();
        builder.Services.AddSingleton(seen);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(_root, "kairos.db");
            o.ScriptsPath = scripts;
            o.NodeId = "embedded";
        }).AddJob<RecordJob>();
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var scheduler = host.Services.GetRequiredService<IScheduler>();
            await WaitUntilActiveAsync(scheduler, "embedded.relay");

            var relayId = await scheduler.TriggerAsync("embedded.relay", """{"order":7}""");
            var relay = await scheduler.WaitForRunAsync(relayId, Limit);
            Assert.True(relay.Status == RunStatus.Succeeded, $"{relay.Status}: {relay.ErrorMessage}");
            var recordId = Assert.Single(relay.Log, l => l.Contains("relayed to ", StringComparison.Ordinal)).Split("relayed to ")[1].Trim();
            var record = await scheduler.WaitForRunAsync(recordId, Limit);

            Assert.Equal(RunStatus.Succeeded, record.Status);
            Assert.Equal("""{"order":7,"via":"embedded.relay"}""", record.DataJson);
            Assert.Equal(["""{"order":7,"via":"embedded.relay"}"""], seen.Data);
            var page = await scheduler.GetRunsAsync(new RunQuery { JobId = "embedded.record", TriggerKey = "manual" });
            Assert.Equal(recordId, Assert.Single(page.Runs).Id);
            var info = await scheduler.GetInfoAsync();
            Assert.Equal("embedded.relay", Assert.Single(info.Scripts).JobIds.Single());
        }
        finally
        {
            await host.StopAsync();
        }
    }

    /// <summary>Reads the job until the host has loaded it (a script compiles off the start-up path).</summary>
    private static async Task WaitUntilActiveAsync(IScheduler scheduler, string jobId)
    {
        var deadline = DateTimeOffset.UtcNow + Limit;
        while ((await scheduler.GetJobAsync(jobId))?.State != JobState.Active)
        {
            Assert.True(DateTimeOffset.UtcNow < deadline, $"job {jobId} never became active");
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
    }

    /// <summary>The data each run of <see cref="RecordJob"/> got.</summary>
    public sealed class RecordedData
    {
        private readonly ConcurrentQueue<string?> _data = new();

        public IReadOnlyList<string?> Data => [.. _data];

        public void Add(string? data) => _data.Enqueue(data);
    }

    /// <summary>An application job that records its data.</summary>
    [Job("embedded.record")]
    public sealed class RecordJob(RecordedData seen) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            seen.Add(context.DataJson);
            return Task.CompletedTask;
        }
    }
}
