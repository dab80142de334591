namespace Kairos.Host.Execution.Running;

/// <summary>
/// The scheduler API as code running in the host sees it (<see cref="JobContext.Scheduler"/>, a plugin's startup),
/// for an actor that pauses record as who did it (<c>job:ID</c>, <c>plugin:NAME</c>); implemented above the engine.
/// </summary>
internal interface IJobSchedulerFactory
{
    /// <summary>The scheduler acting as <paramref name="actor"/>.</summary>
    IScheduler For(string actor);
}
