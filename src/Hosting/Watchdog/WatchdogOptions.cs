namespace Kairos.Host.Watchdog;

/// <summary>
/// The watchdog's settings, bound from the <c>Kairos:Watchdog</c> section (<c>KAIROS_Watchdog__StallThreshold</c>).
/// The watchdog only observes: it logs, reports and counts a stall, and never fires or re-queues anything.
/// </summary>
internal sealed class WatchdogOptions
{
    public const string SectionName = "Kairos:Watchdog";

    /// <summary>Whether the watchdog runs. Default: true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// How long the scheduler loop or the dispatcher may stay in one step (or the loop oversleep its wake-up) before it
    /// is reported stalled. At least 1 second. Default: 30 seconds.
    /// </summary>
    public TimeSpan StallThreshold { get; set; } = TimeSpan.FromSeconds(30);
}
