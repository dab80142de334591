namespace Kairos.Host.Listeners;

/// <summary>
/// Where the engine reports what happened (runs started and ended, fires not run, sources faulted, jobs paused and
/// resumed) for the <see cref="ISchedulerListener"/>s. Never blocks and never throws: listeners run off the run's path.
/// </summary>
internal interface IEventSink
{
    /// <summary>Queues the event for every listener; returns at once.</summary>
    void Publish(SchedulerEvent e);
}
