using Kairos.Host.Storage;

namespace Kairos.Host.Scheduling.Triggers;

/// <summary>Stores keep instants at millisecond precision; normalise descriptions so an unchanged one compares equal.</summary>
internal static class TriggerNormalizer
{
    /// <summary><paramref name="spec"/> with its instants in UTC at millisecond precision (itself when they are already: a cron trigger has none).</summary>
    public static TriggerSpec Normalize(TriggerSpec spec)
    {
        var runAt = StoreInstants.Milliseconds(spec.RunAtUtc);
        var start = StoreInstants.Milliseconds(spec.StartUtc);
        var end = StoreInstants.Milliseconds(spec.EndUtc);
        return Same(runAt, spec.RunAtUtc) && Same(start, spec.StartUtc) && Same(end, spec.EndUtc)
            ? spec
            : spec with { RunAtUtc = runAt, StartUtc = start, EndUtc = end };
    }

    private static bool Same(DateTimeOffset? normal, DateTimeOffset? given) =>
        normal is not { } n ? given is null : given is { } g && g.UtcTicks == n.UtcTicks && g.Offset == TimeSpan.Zero;
}
