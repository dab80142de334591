namespace Kairos.Host.Listeners;

/// <summary>
/// What one listener was sent, as <c>kairos info</c> shows it: events waiting, delivered, dropped (its queue was full),
/// failed (it threw) and timed out.
/// </summary>
internal sealed record ListenerStats(string Listener, string Source, int Queued, long Delivered, long Dropped, long Failed, long TimedOut);
