namespace Kairos.Host.Listeners;

/// <summary>
/// How <see cref="ISchedulerListener"/>s are called, bound from the <c>Kairos:Listeners</c> section
/// (<c>KAIROS_Listeners__QueueCapacity</c> and so on). Each listener has a queue of its own, called one event at a time.
/// </summary>
internal sealed class ListenerOptions
{
    public const string SectionName = "Kairos:Listeners";

    /// <summary>
    /// Most events waiting for one listener. When a listener falls this far behind, the oldest waiting event is dropped
    /// for each new one, and the drops are counted (<c>kairos info</c>) and logged. Default: 10,000.
    /// </summary>
    public int QueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// How long one call of a listener may take. Then its token is cancelled and the listener's next event is called,
    /// whether or not the late call returns. Default: 10 seconds.
    /// </summary>
    public TimeSpan CallTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
