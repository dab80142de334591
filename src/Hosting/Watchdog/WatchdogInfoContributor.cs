using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;

namespace Kairos.Host.Watchdog;

/// <summary>
/// The <c>watchdog</c> section of <c>kairos info</c> (threshold, each part's step and since when, whether it is
/// stalled), and a problem for each stalled part, listed in <c>info</c> and on the dashboard's overview.
/// </summary>
internal sealed class WatchdogInfoContributor(SchedulerWatchdog watchdog, SchedulerProgress progress) : IInfoContributor
{
    public string Section => "watchdog";

    public object Snapshot()
    {
        var stalled = watchdog.Stalled.Select(s => s.Part).ToHashSet(StringComparer.Ordinal);
        return new WatchdogInfo(watchdog.Enabled, watchdog.Threshold,
            [.. progress.All.Select(s => s.Current).Select(s => new PartInfo(s.Part, s.Step, s.SinceUtc, s.UntilUtc, stalled.Contains(s.Part)))]);
    }

    public IReadOnlyList<SourceProblem> Problems() =>
        [.. watchdog.Stalled.Select(s => new SourceProblem("watchdog", null,
            $"the {s.Part} is stalled: stuck in '{s.Step}' since {s.SinceUtc.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'} (threshold {watchdog.Threshold})"))];

    internal sealed record WatchdogInfo(bool Enabled, TimeSpan StallThreshold, IReadOnlyList<PartInfo> Parts);

    internal sealed record PartInfo(string Part, string Step, DateTimeOffset SinceUtc, DateTimeOffset? UntilUtc, bool Stalled);
}
