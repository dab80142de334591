using Kairos.Testing;
using Microsoft.Extensions.Logging;
using TestJobContext = Kairos.Testing.TestJobContext;

namespace Kairos.Tests.Testing;

public sealed partial class JobRunnerTests
{
    [Job("greeter")]
    public sealed class GreeterJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            var now = context.TimeProvider.GetUtcNow();
            LogHello(context.Logger, context.DataJson, now);
            return Task.CompletedTask;
        }
    }

    [Job("thrower")]
    public sealed class ThrowingJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("the mail server refused 'bob@example.com'");
    }

    [Job("waiter", TimeoutSeconds = 30)]
    public sealed class WaitingJob : IJob
    {
        public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            await Task.Delay(TimeSpan.FromMinutes(5), context.TimeProvider, cancellationToken);
    }

    [Job("chainer")]
    public sealed class ChainingJob : IJob
    {
        public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
        {
            await context.Triggers.UpsertAsync(TriggerSpec.Cron("nightly", "0 2 * * *"), cancellationToken);
            await context.Triggers.RemoveAsync("default", cancellationToken);
            var runId = await context.Scheduler.TriggerAsync("next.job", """{"n":1}""", cancellationToken);
            LogQueued(context.Logger, runId);
        }
    }

    [Job("disposable")]
    public sealed class DisposableJob : IJob, IDisposable
    {
#pragma warning disable CA2211 // A counter the test reads; the job is made by the runner.
        public static int Disposed;
#pragma warning restore CA2211

        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose() => Interlocked.Increment(ref Disposed);
    }

    public sealed class NeedsServiceJob(IFormatProvider format) : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            Task.FromResult(format.ToString());
    }

    [Fact]
    public async Task RunAsync_Succeeds_WithTheDataLogsAndClockOfTheContext()
    {
        var context = new TestJobContext { DataJson = """{"name":"ada"}""" };
        context.Clock.SetUtcNow(new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero));

        var result = await JobRunner.RunAsync<GreeterJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Null(result.Error);
        var line = Assert.Single(result.Logs);
        Assert.Equal(LogLevel.Information, line.Level);
        Assert.Equal("""Hello {"name":"ada"} at 2024-05-01T09:00:00.0000000+00:00""", line.Message);
        Assert.Same(context, result.Context);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 9, 0, 0, TimeSpan.Zero), context.StartedUtc);
    }

    [Fact]
    public async Task RunAsync_NamesTheContextAfterTheJob_WhenNoContextIsGiven()
    {
        var result = await JobRunner.RunAsync<GreeterJob>();

        Assert.Equal("greeter", result.Context.JobId);
        Assert.Equal("default", result.Context.TriggerKey);
        Assert.Equal(1, result.Context.Attempt);
    }

    [Fact]
    public async Task RunAsync_IsFailedWithTheError_WhenTheJobThrows()
    {
        var result = await JobRunner.RunAsync<ThrowingJob>();

        Assert.Equal(RunStatus.Failed, result.Status);
        var error = Assert.IsType<InvalidOperationException>(result.Error);
        Assert.Contains("bob@example.com", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_IsCancelled_WhenTheTestCancelsTheContext()
    {
        var context = new TestJobContext();
        var run = JobRunner.RunAsync<WaitingJob>(context);
        Assert.False(run.IsCompleted);

        context.Cancel();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.Cancelled, result.Status);
        Assert.IsAssignableFrom<OperationCanceledException>(result.Error);
    }

    [Fact]
    public async Task RunAsync_IsCancelled_WhenTheCallersTokenIsCancelled()
    {
        using var cancellation = new CancellationTokenSource();
        var run = JobRunner.RunAsync<WaitingJob>(cancellationToken: cancellation.Token);

        await cancellation.CancelAsync();
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.Cancelled, result.Status);
    }

    [Fact]
    public async Task RunAsync_IsTimedOut_WhenTheTestClockPassesTheDeclaredTimeout()
    {
        var context = new TestJobContext();
        var run = JobRunner.RunAsync<WaitingJob>(context);

        context.Clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(run.IsCompleted);
        context.Clock.Advance(TimeSpan.FromSeconds(1));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.TimedOut, result.Status);
        Assert.Equal(TimeSpan.FromSeconds(30), result.Duration);
    }

    [Fact]
    public async Task RunAsync_Succeeds_WhenTheClockReachesTheJobsDelayBeforeItsTimeout()
    {
        var context = new TestJobContext();
        var run = JobRunner.RunAsync(new UndeclaredWaitingJob(), context);

        context.Clock.Advance(TimeSpan.FromMinutes(5));
        var result = await run.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Equal(TimeSpan.FromMinutes(5), result.Duration);
    }

    [Fact]
    public async Task RunAsync_RecordsTriggerChangesAndSchedulerCalls_InOrder()
    {
        var context = new TestJobContext { ExistingTriggers = [TriggerSpec.Interval("default", TimeSpan.FromMinutes(1))] };

        var result = await JobRunner.RunAsync<ChainingJob>(context);

        Assert.Equal(RunStatus.Succeeded, result.Status);
        Assert.Collection(context.TriggerChanges,
            c => Assert.Equal(new TriggerChange(TriggerChangeKind.Upsert, "nightly", TriggerSpec.Cron("nightly", "0 2 * * *")), c),
            c => Assert.Equal(new TriggerChange(TriggerChangeKind.Remove, "default", null), c));
        var remaining = await context.Triggers.ListAsync(CancellationToken.None);
        Assert.Equal("nightly", Assert.Single(remaining).Key);
        var call = Assert.Single(context.SchedulerCalls);
        Assert.Equal(nameof(IScheduler.TriggerAsync), call.Method);
        Assert.Equal("next.job", call.JobId);
        Assert.Equal("""{"n":1}""", call.DataJson);
        Assert.Equal("test-run-1", call.Result);
        Assert.Equal("queued test-run-1", Assert.Single(result.Logs).Message);
    }

    [Fact]
    public async Task Triggers_RefuseAnInvalidTrigger_AsTheHostDoes()
    {
        var context = new TestJobContext { JobId = "billing" };

        var error = await Assert.ThrowsAsync<ArgumentException>(() =>
            context.Triggers.UpsertAsync(TriggerSpec.Cron("bad", "0 25 * * *"), CancellationToken.None));

        Assert.Contains("job 'billing'", error.Message, StringComparison.Ordinal);
        Assert.Empty(context.TriggerChanges);
    }

    [Fact]
    public async Task Scheduler_RefusesDataThatIsNotJson_AsTheHostDoes()
    {
        var context = new TestJobContext();

        var error = await Assert.ThrowsAsync<ArgumentException>(() => context.Scheduler.TriggerAsync("next.job", "{not json"));

        Assert.Contains("'{not json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_DisposesTheJobItCreated()
    {
        var before = Volatile.Read(ref DisposableJob.Disposed);

        await JobRunner.RunAsync<DisposableJob>();

        Assert.Equal(before + 1, Volatile.Read(ref DisposableJob.Disposed));
    }

    [Fact]
    public async Task RunAsync_IsFailedNamingTheJobClass_WhenNoConstructorCanBeCalled()
    {
        var result = await JobRunner.RunAsync<NeedsServiceJob>();

        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Contains(typeof(NeedsServiceJob).FullName!, result.Error!.Message, StringComparison.Ordinal);
    }

    private sealed class UndeclaredWaitingJob : IJob
    {
        public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
            await Task.Delay(TimeSpan.FromMinutes(5), context.TimeProvider, cancellationToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Hello {Data} at {Now:O}")]
    private static partial void LogHello(ILogger logger, string? data, DateTimeOffset now);

    [LoggerMessage(Level = LogLevel.Information, Message = "queued {RunId}")]
    private static partial void LogQueued(ILogger logger, string runId);
}
