namespace Kairos.Host.Listeners;

/// <summary>
/// Where the engine reports what happened (runs started and ended, fires not run, sources faulted, jobs paused and
/// resumed) for the <see cref="ISchedulerListener"/>s. Never blocks and never throws: listeners run off the run's path.
/// </summary>
internal interface IEventSink
{
    /// <summary>
    /// True while at least one listener is registered. Check it before building an event: with no listener an event
    /// would be dropped, so the run's path need not allocate it.
    /// </summary>
    bool HasListeners { get; }

    /// <summary>Queues the event for every listener; returns at once.</summary>
    void Publish(SchedulerEvent e);
}
