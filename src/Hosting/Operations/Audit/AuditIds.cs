using System.Globalization;

namespace Kairos.Host.Operations.Audit;

/// <summary>
/// Ids of audit entries that sort in the order the entries were made: the instant's ticks, then a sequence of this
/// process (entries of one instant, as under a fake clock, keep their order), then a random part (two processes of a
/// cluster never make the same id). One per scheduler, shared by all its actors.
/// </summary>
internal sealed class AuditIds
{
    private long _sequence;

    public string Next(DateTimeOffset now) => string.Create(CultureInfo.InvariantCulture,
        $"{now.UtcTicks:D19}-{Interlocked.Increment(ref _sequence):x10}-{Random.Shared.Next():x8}");
}
