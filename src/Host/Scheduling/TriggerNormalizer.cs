using Kairos.Host.Storage.LiteDb;

namespace Kairos.Host.Scheduling;

/// <summary>Stores keep instants at millisecond precision; normalise descriptions so an unchanged one compares equal.</summary>
internal static class TriggerNormalizer
{
    public static TriggerSpec Normalize(TriggerSpec spec) => spec with
    {
        RunAtUtc = Ms(spec.RunAtUtc),
        StartUtc = Ms(spec.StartUtc),
        EndUtc = Ms(spec.EndUtc),
    };

    private static DateTimeOffset? Ms(DateTimeOffset? value) => value is { } v ? KairosBsonMapper.Ms(v) : null;
}
