using Kairos;

namespace Fixtures.TestKit;

/// <summary>Fails its first two attempts and succeeds on the third (retries 10 s, then 20 s, after a failure).</summary>
[Job("testkit.flaky", MaxAttempts = 3, RetryBackoffSeconds = 10)]
public sealed class FlakyJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        context.Attempt < 3
            ? throw new InvalidOperationException($"attempt {context.Attempt} failed on purpose")
            : Task.CompletedTask;
}

/// <summary>Waits five minutes on the host's clock; its timeout is 30 seconds.</summary>
[Job("testkit.slow", TimeoutSeconds = 30)]
public sealed class SlowJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromMinutes(5), context.TimeProvider, cancellationToken);
}

/// <summary>Fires every minute and runs for two and a half: under the default Skip policy the fires in between are skipped.</summary>
[Job("testkit.overlap")]
[IntervalTrigger(60)]
public sealed class OverlappingJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) =>
        Task.Delay(TimeSpan.FromSeconds(150), context.TimeProvider, cancellationToken);
}
