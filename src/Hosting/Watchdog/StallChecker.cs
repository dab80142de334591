namespace Kairos.Host.Watchdog;

/// <summary>
/// The watchdog's rule, pure: given the stamps and the time, which parts became stalled and which recovered since the
/// last check. A part is stalled when its stamp has not changed for the threshold past the end of its step (for a wait,
/// past the instant it should have woken); it recovers when its stamp changes.
/// </summary>
internal sealed class StallChecker(TimeSpan threshold)
{
    private readonly Dictionary<string, ProgressSnapshot> _stalled = new(StringComparer.Ordinal);

    public TimeSpan Threshold => threshold;

    /// <summary>The parts stalled now, with the stamp they are stuck on.</summary>
    public IReadOnlyList<ProgressSnapshot> Stalled => [.. _stalled.Values];

    /// <summary>The changes at <paramref name="now"/>: stalls found (with the stamp) and recoveries (with the new stamp and the stuck one).</summary>
    public IReadOnlyList<StallChange> Check(IEnumerable<ProgressSnapshot> stamps, DateTimeOffset now)
    {
        var changes = new List<StallChange>();
        foreach (var stamp in stamps)
        {
            if (_stalled.TryGetValue(stamp.Part, out var stuck))
            {
                if (!ReferenceEquals(stuck, stamp))
                {
                    _stalled.Remove(stamp.Part);
                    changes.Add(new StallChange(stamp, stuck, Recovered: true, now - stuck.SinceUtc));
                }
            }
            else if (stamp.StalledAfter(threshold) is { } after && now > after)
            {
                _stalled[stamp.Part] = stamp;
                changes.Add(new StallChange(stamp, stamp, Recovered: false, now - stamp.SinceUtc));
            }
        }
        return changes;
    }
}

/// <summary>
/// A part stalled (<paramref name="Recovered"/> false: <paramref name="Stuck"/> is its stamp) or moved on again
/// (<paramref name="Current"/> its new stamp); <paramref name="For"/>: how long it had been in the stuck step.
/// </summary>
internal sealed record StallChange(ProgressSnapshot Current, ProgressSnapshot Stuck, bool Recovered, TimeSpan For);
