using System.Globalization;
using System.Text;

namespace Kairos.Host.Scheduling.Planning;

/// <summary>
/// The fixed offset a trigger's fires are moved by (<see cref="TriggerSpec.Jitter"/>): an FNV-1a hash of
/// <c>jobId/key</c> modulo the jitter, in whole milliseconds (what the stores keep). Never <c>string.GetHashCode</c>,
/// which differs per process: every host and every restart must agree on it.
/// </summary>
internal static class TriggerJitter
{
    private const ulong FnvOffset = 14695981039346656037;
    private const ulong FnvPrime = 1099511628211;

    /// <summary>The offset of the fires of <paramref name="spec"/> in job <paramref name="jobId"/>: zero without jitter.</summary>
    public static TimeSpan Offset(string jobId, TriggerSpec spec)
    {
        var milliseconds = (ulong)Math.Floor((spec.Jitter ?? TimeSpan.Zero).TotalMilliseconds);
        return milliseconds == 0 ? TimeSpan.Zero : TimeSpan.FromMilliseconds((double)(Hash($"{jobId}/{spec.Key}") % milliseconds));
    }

    /// <summary>An offset as people read it: <c>00:02:08.904</c> (offsets are under a day, in whole milliseconds).</summary>
    public static string Format(TimeSpan offset) => offset.ToString(@"hh\:mm\:ss\.fff", CultureInfo.InvariantCulture);

    private static ulong Hash(string text)
    {
        var hash = FnvOffset;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * FnvPrime;
        }
        return hash;
    }
}
