using System.Text.Json;
using Kairos.Host.Listeners.Webhooks;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Listeners.Webhooks;

/// <summary>The webhook notifier against a real HTTP server on loopback.</summary>
public sealed class WebhookNotifierTests
{
    [Fact]
    public async Task FailedRun_IsPostedAsOneJsonDocument_WithTheConfiguredHeaders_AndASucceededRunIsNotPostedByDefault()
    {
        await using var server = new LoopbackWebhookServer();
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: new InMemoryStore(), settings: new Dictionary<string, string?>
        {
            ["Kairos:Notifications:Webhooks:0:Url"] = server.Url,
            ["Kairos:Notifications:Webhooks:0:Headers:Authorization"] = "Bearer s3cret",
            ["Kairos:Notifications:Webhooks:0:Headers:X-Kairos-Test"] = "yes",
        });

        // A run that succeeds, then one that fails: one worker posts in order, so a post of the first would come first.
        host.Advance(TimeSpan.FromSeconds(30));
        await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
        host.Probe.Fail = _ => new InvalidOperationException("disk full");
        host.Advance(TimeSpan.FromMinutes(1));

        var request = await server.NextAsync();

        Assert.Equal("POST", request.Method);
        Assert.Equal("Bearer s3cret", request.Headers["Authorization"]);
        Assert.Equal("yes", request.Headers["X-Kairos-Test"]);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal("failed", json.GetProperty("status").GetString());
        Assert.Equal(host.Runs.Query("test.every-minute", RunStatus.Failed, 10).Single().Id, json.GetProperty("runId").GetString());
        Assert.Equal(1, server.Count);
    }

    [Fact]
    public async Task FailedRun_IsPostedWithItsStatusNodeAndError()
    {
        await using var server = new LoopbackWebhookServer();
        await using var host = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), store: new InMemoryStore(), settings: new Dictionary<string, string?>
        {
            ["Kairos:Notifications:Webhooks:0:Url"] = server.Url,
        });
        host.Probe.Fail = _ => new InvalidOperationException("disk full");

        host.Advance(TimeSpan.FromSeconds(30));
        var request = await server.NextAsync();

        var run = host.Runs.Query("test.every-minute", RunStatus.Failed, 10).Single();
        var json = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("run-ended", "test.every-minute", run.Id, "failed", "test-node"),
            (json.GetProperty("event").GetString(), json.GetProperty("jobId").GetString(), json.GetProperty("runId").GetString(),
             json.GetProperty("status").GetString(), json.GetProperty("node").GetString()));
        Assert.Equal(run.EndedUtc, json.GetProperty("occurredUtc").GetDateTimeOffset());
        Assert.Equal("System.InvalidOperationException", json.GetProperty("errorType").GetString());
        Assert.Equal("disk full", json.GetProperty("errorMessage").GetString());
        Assert.Equal(1, json.GetProperty("attempt").GetInt32());
        Assert.Equal(run.TriggerKey, json.GetProperty("triggerKey").GetString());
        Assert.Contains(nameof(JobProbe.OnRunAsync), json.GetProperty("errorStackTrace").GetString());
    }

    [Fact]
    public async Task ServerError_IsRetriedAfterTheBackoff_AndStopsAtTheFirstSuccess()
    {
        await using var server = new LoopbackWebhookServer();
        server.Answers.Enqueue(500);
        var time = new FakeTimeProvider();
        using var http = new HttpClient();
        var logger = new RecordingLogger();
        var notifier = new WebhookNotifier(new WebhookOptions { Url = server.Url, RetryBackoff = TimeSpan.FromSeconds(1) }, http, time, logger);

        var call = notifier.OnRunEndedAsync(Failed(), CancellationToken.None).AsTask();
        await server.NextAsync();
        await WaitUntilAsync(() => logger.Lines.Any(l => l.Contains("retry 1 of 3 in 00:00:01", StringComparison.Ordinal)));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        await server.NextAsync();
        await call.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(2, server.Count);
        Assert.Contains(logger.Lines, l => l.Contains("HTTP 500", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnreachableEndpoint_IsRetriedThenGivenUp_WithALoggedError()
    {
        var time = new FakeTimeProvider();
        using var http = new HttpClient();
        var logger = new RecordingLogger();
        string url;
        await using (var gone = new LoopbackWebhookServer())
        {
            url = gone.Url;
        }
        var notifier = new WebhookNotifier(new WebhookOptions { Url = url, Retries = 1, RetryBackoff = TimeSpan.FromSeconds(2) }, http, time, logger);

        var call = notifier.OnRunEndedAsync(Failed(), CancellationToken.None).AsTask();
        await WaitUntilAsync(() => logger.Lines.Any(l => l.Contains("retry 1 of 1", StringComparison.Ordinal)));
        time.Advance(TimeSpan.FromSeconds(2));
        await call.WaitAsync(TimeSpan.FromSeconds(20));

        Assert.Contains(logger.Lines, l => l.StartsWith("Error: Webhook " + url, StringComparison.Ordinal) && l.Contains("not delivered after 2 attempt(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void DefaultFilter_SendsFailedTimedOutAndInterruptedRuns_FaultedJobsAndAutoPauses_Only()
    {
        var filter = new WebhookFilter(new WebhookOptions { Url = "http://x/" });

        Assert.True(filter.Sends(Failed()));
        Assert.True(filter.Sends(Failed(RunStatus.TimedOut)));
        Assert.True(filter.Sends(Failed(RunStatus.Interrupted)));
        Assert.False(filter.Sends(Failed(RunStatus.Succeeded)));
        Assert.False(filter.Sends(Failed(RunStatus.Retrying)));
        Assert.True(filter.Sends(new JobFaultedEvent { Source = "plugin:x", Message = "m" }));
        Assert.True(filter.Sends(new JobPausedEvent { JobId = "a", By = "auto-pause" }));
        Assert.False(filter.Sends(new JobPausedEvent { JobId = "a", By = "api" }));
        Assert.False(filter.Sends(new RunStartedEvent { JobId = "a", RunId = "r", TriggerKey = "t" }));
        Assert.False(filter.Sends(new FireNotRunEvent { JobId = "a", RunId = "r", TriggerKey = "t", Status = RunStatus.Skipped, Reason = "r" }));
    }

    [Fact]
    public void Filter_SendsOnlyTheListedEventsStatusesAndJobs()
    {
        var options = new WebhookOptions { Url = "http://x/" };
        options.Events.AddRange(["run-ended", "job-paused"]);
        options.Statuses.Add("succeeded");
        options.Jobs.Add("billing.invoice");
        var filter = new WebhookFilter(options);

        Assert.True(filter.Sends(Failed(RunStatus.Succeeded, "billing.invoice")));
        Assert.False(filter.Sends(Failed(RunStatus.Failed, "billing.invoice")));
        Assert.False(filter.Sends(Failed(RunStatus.Succeeded, "other")));
        Assert.True(filter.Sends(new JobPausedEvent { JobId = "billing.invoice", By = "api" }));
        Assert.False(filter.Sends(new JobFaultedEvent { Source = "plugin:x", Message = "m" }));
    }

    [Fact]
    public async Task InvalidUrl_IsRefusedAtStart_NamingTheSettingAndItsValue()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => KairosTestHost.StartAsync(k => { }, settings: new Dictionary<string, string?>
        {
            ["Kairos:Notifications:Webhooks:0:Url"] = "ftp://hooks.example.com/x",
            ["Kairos:Notifications:Webhooks:0:Statuses:0"] = "exploded",
        }));

        Assert.Contains("Kairos:Notifications:Webhooks:0:Url is 'ftp://hooks.example.com/x': expected an absolute http or https URL", error.Message);
        Assert.Contains("Kairos:Notifications:Webhooks:0:Statuses has 'exploded': expected one of pending, running, succeeded", error.Message);
    }

    private static RunEndedEvent Failed(RunStatus status = RunStatus.Failed, string jobId = "billing.invoice") =>
        new() { JobId = jobId, RunId = "r1", TriggerKey = "daily", Status = status, Node = "n1", ErrorMessage = "boom" };

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 400 && !condition(); i++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System);
        }
        Assert.True(condition());
    }
}
