namespace Kairos;

/// <summary>
/// A unit of scheduled work. Declare it with <see cref="JobAttribute"/> and at least one trigger attribute
/// (<see cref="CronTriggerAttribute"/>, <see cref="IntervalTriggerAttribute"/>) or add triggers at run time
/// through <see cref="JobContext.Triggers"/>.
/// </summary>
/// <remarks>
/// A new instance is created for every run and disposed afterwards when it implements
/// <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>.
/// </remarks>
public interface IJob
{
    /// <summary>Runs the job once.</summary>
    /// <param name="context">What this run is: job id, trigger, fire times, attempt, data, logger.</param>
    /// <param name="cancellationToken">
    /// Cancelled when the job's timeout elapses, when the host shuts down, or when a newer run replaces this one.
    /// Jobs must observe it; a job that ignores it is recorded as <c>timed-out</c> and keeps its slot busy.
    /// </param>
    /// <returns>A task that completes when the run is over. A faulted task fails the run (and may retry it).</returns>
    Task ExecuteAsync(JobContext context, CancellationToken cancellationToken);
}
