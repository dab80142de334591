namespace Kairos.Host.Watchdog;

/// <summary>The progress stamps the watchdog watches: the scheduler loop's and the dispatcher's.</summary>
internal sealed class SchedulerProgress(TimeProvider time)
{
    public ProgressStamp Loop { get; } = new("scheduler-loop", time);

    public ProgressStamp Dispatcher { get; } = new("dispatcher", time);

    public IReadOnlyList<ProgressStamp> All => [Loop, Dispatcher];
}
