using Microsoft.Extensions.Logging;

namespace Kairos.Host.Sources.Trust;

/// <summary>
/// Tells the operator when a path of a source becomes unsafe (one error naming it, its mode and the fix) and when it is
/// safe again, whatever the number of plugins or scripts it affects. One per source, used by its scanning thread only.
/// </summary>
internal sealed class UntrustedPathReport(ILogger logger)
{
    private Dictionary<string, UntrustedPath> _reported = new(StringComparer.Ordinal);

    /// <summary>Called at the end of each scan with the scan's checks.</summary>
    public void Update(CodeTrust trust)
    {
        var now = trust.Found.GroupBy(p => p.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        foreach (var (path, untrusted) in now)
        {
            if (!_reported.ContainsKey(path))
            {
                SourceLog.PathUntrusted(logger, trust.Kind, untrusted.Describe(trust.Kind));
            }
        }
        foreach (var (path, old) in _reported)
        {
            if (now.ContainsKey(path))
            {
                continue;
            }
            // Not met by this scan (its files went away, say): still reported while it stays unsafe.
            if (trust.Recheck(old) is { } still)
            {
                now[path] = still;
            }
            else if (Path.Exists(path))
            {
                SourceLog.PathTrustedAgain(logger, path, trust.Kind);
            }
        }
        _reported = now;
    }
}
