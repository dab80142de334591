using Kairos;

namespace Fixtures.ThrowingCtor;

/// <summary>Loads fine; its constructor throws at every run.</summary>
[Job("fixtures.throwing-ctor")]
[IntervalTrigger(60)]
public sealed class ThrowingJob : IJob
{
    public ThrowingJob() => throw new InvalidOperationException("the connection string is missing");

    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
