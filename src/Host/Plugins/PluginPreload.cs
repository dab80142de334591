using System.Diagnostics;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Loading;

namespace Kairos.Host.Plugins;

/// <summary>
/// The first scan's loads, started early on the thread pool. Loading a plugin (copying it, creating its context,
/// finding its jobs, running its startup) needs neither the store nor the catalog, so at start-up it runs while the
/// store opens instead of after it. The first scan takes each result whose plugin has not changed since it was read
/// here and loads the others itself; what it does not take is discarded.
/// </summary>
internal sealed class PluginPreload
{
    private readonly Task<Dictionary<string, Entry>> _loads;

    public PluginPreload(string root, Func<PluginCandidate, PluginLoadResult> load)
    {
        Root = root;
        _loads = Task.Run(() =>
        {
            var loads = new Dictionary<string, Entry>(StringComparer.Ordinal);
            foreach (var candidate in PluginLayout.Discover(root))
            {
                // Read before the load: a plugin changed while it loads does not match the scan's reading.
                var fingerprint = PluginFingerprint.OfMetadata(candidate);
                var started = Stopwatch.GetTimestamp();
                try
                {
                    loads[candidate.Name] = new Entry(fingerprint, load(candidate), (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Left to the scan, which loads it again and reports what goes wrong.
                }
            }
            return loads;
        });
    }

    /// <summary>Completes when every load is done.</summary>
    public Task Completion => _loads;

    /// <summary>The plugins folder the loads were read from.</summary>
    public string Root { get; }

    /// <summary>Waits for the loads; empty when the folder could not be read (the scan reads it and reports).</summary>
    public Dictionary<string, Entry> Results()
    {
        try
        {
            return _loads.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return new Dictionary<string, Entry>(StringComparer.Ordinal);
        }
    }

    /// <summary>One plugin's load, with the fingerprint of its files when it started and how long it took.</summary>
    internal sealed record Entry(string Fingerprint, PluginLoadResult Result, long ElapsedMs);
}
