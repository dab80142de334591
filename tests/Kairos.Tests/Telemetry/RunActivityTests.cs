using System.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Telemetry;
using Kairos.Tests.Fakes;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Telemetry;

/// <summary>The span of each run: its name, attributes, status and exception, and its parent (the trigger's caller, or none).</summary>
public sealed class RunActivityTests
{
    [Fact]
    public async Task CronFire_HasARootSpan_NamedForItsJob_WithTheRunsAttributes()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        using var spans = new SpanRecorder(host.Services.GetRequiredService<RunActivity>().Source);

        host.Advance(TimeSpan.FromSeconds(30));

        var span = Assert.Single(await spans.WaitForAsync(1));
        var run = (await host.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded))).Single();
        Assert.Equal(("Kairos", "run test.every-minute", ActivityKind.Internal), (span.Source.Name, span.DisplayName, span.Kind));
        Assert.Equal(default, span.ParentSpanId);
        Assert.Null(span.Parent);
        Assert.Equal(ActivityStatusCode.Unset, span.Status);
        Assert.Equal(("test.every-minute", "default", run.Id, 1, run.Version, "test-node", "succeeded"),
            (span.GetTagItem("kairos.job.id"), span.GetTagItem("kairos.trigger.key"), span.GetTagItem("kairos.run.id"), span.GetTagItem("kairos.run.attempt"),
                span.GetTagItem("kairos.job.version"), span.GetTagItem("kairos.node.id"), span.GetTagItem("kairos.run.status")));
        Assert.Empty(span.Events);
    }

    [Fact]
    public async Task FailedAttempt_HasAnErrorSpan_WithTheExceptionAsAnEvent()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        using var spans = new SpanRecorder(host.Services.GetRequiredService<RunActivity>().Source);
        host.Probe.Fail = _ => new InvalidOperationException("boom");

        host.Services.GetOperations().Trigger("test.retry");

        var span = Assert.Single(await spans.WaitForAsync(1));
        Assert.Equal((ActivityStatusCode.Error, "boom", "retrying"), (span.Status, span.StatusDescription, span.GetTagItem("kairos.run.status")));
        var exception = Assert.Single(span.Events);
        Assert.Equal("exception", exception.Name);
        var tags = exception.Tags.ToDictionary(t => t.Key, t => t.Value);
        Assert.Equal((typeof(InvalidOperationException).FullName, "boom"), (tags["exception.type"], tags["exception.message"]));
        Assert.Contains(nameof(JobProbe.OnRunAsync), (string)tags["exception.stacktrace"]!);
    }

    [Fact]
    public async Task TriggerUnderAnActivity_GivesTheRunASpanWithThatParent_AndTheJobRunsUnderIt()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        using var spans = new SpanRecorder(host.Services.GetRequiredService<RunActivity>().Source);
        Activity? inJob = null;
        host.Probe.Fail = _ =>
        {
            inJob = Activity.Current;
            return null;
        };
        string runId;
        using (var request = new Activity("POST /api/jobs/test.retry/trigger").SetIdFormat(ActivityIdFormat.W3C))
        {
            request.TraceStateString = "vendor=1";
            request.Start();
            runId = await host.Services.GetRequiredService<IScheduler>().TriggerAsync("test.retry");
            request.Stop();

            var span = Assert.Single(await spans.WaitForAsync(1));
            Assert.Equal((request.TraceId, request.SpanId, "vendor=1"), (span.TraceId, span.ParentSpanId, span.TraceStateString));
            Assert.True(span.HasRemoteParent);
            Assert.Equal(runId, span.GetTagItem("kairos.run.id"));
            Assert.Equal("manual", span.GetTagItem("kairos.trigger.key"));
            Assert.Same(span, inJob);
        }
        Assert.Equal(runId, (await host.WaitForRunsAsync("test.retry", r => r.Any(x => x.Status == RunStatus.Succeeded))).Single().Id);
    }

    [Fact]
    public async Task TriggerWithoutAnActivity_GivesTheRunARootSpan()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        using var spans = new SpanRecorder(host.Services.GetRequiredService<RunActivity>().Source);
        Activity.Current = null;

        await host.Services.GetRequiredService<IScheduler>().TriggerAsync("test.retry");

        var span = Assert.Single(await spans.WaitForAsync(1));
        Assert.Equal(default, span.ParentSpanId);
        Assert.Null(host.Runs.Query("test.retry", null, 10).Single().TraceParent);
    }

    private static Task<KairosTestHost> StartAsync(Action<IKairosBuilder> jobs, Action<KairosOptions>? configure = null) =>
        KairosTestHost.StartAsync(jobs, configure, store: new InMemoryStore());
}
