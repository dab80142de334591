using Kairos.Host.Storage;

namespace Kairos.Host.Scheduling.Triggers;

/// <summary>Stores keep instants at millisecond precision; normalise descriptions so an unchanged one compares equal.</summary>
internal static class TriggerNormalizer
{
    public static TriggerSpec Normalize(TriggerSpec spec) => spec with
    {
        RunAtUtc = StoreInstants.Milliseconds(spec.RunAtUtc),
        StartUtc = StoreInstants.Milliseconds(spec.StartUtc),
        EndUtc = StoreInstants.Milliseconds(spec.EndUtc),
    };
}
