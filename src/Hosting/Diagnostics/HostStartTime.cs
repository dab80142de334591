namespace Kairos.Host.Diagnostics;

/// <summary>When this host started: the one instant that <c>info</c> shows at its top level and in this host's own node entry.</summary>
internal sealed class HostStartTime(TimeProvider time)
{
    public DateTimeOffset Utc { get; } = time.GetUtcNow();
}
