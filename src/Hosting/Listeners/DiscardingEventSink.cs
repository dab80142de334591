namespace Kairos.Host.Listeners;

/// <summary>Placeholder until the listener dispatcher lands (issue #14 §2): drops every event. Not to be merged into a release.</summary>
internal sealed class DiscardingEventSink : IEventSink
{
    public void Publish(SchedulerEvent e)
    {
    }
}
