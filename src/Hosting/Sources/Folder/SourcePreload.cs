using System.Diagnostics;

namespace Kairos.Host.Sources.Folder;

/// <summary>
/// The first scan's loads, started early on the thread pool. Loading (a plugin's copy, context and startup; a script's
/// compile or cache load) needs neither the store nor the catalog, so at start-up it runs while the store opens instead
/// of after it. Started once, before the first scan; the first scan takes it (each load whose fingerprint is the one the
/// scan reads), and every load nobody takes is discarded.
/// </summary>
internal sealed class SourcePreload<TLoad>
{
    private readonly Lock _gate = new();
    private Task<Dictionary<string, Preloaded>>? _loads;
    private string? _root;
    private bool _taken;

    /// <summary>
    /// Starts <paramref name="requests"/> (listed and run on the thread pool, <paramref name="maxParallel"/> at a time),
    /// unless a preload was started or taken already. The task completes when the loads are done.
    /// </summary>
    public Task Start(string root, Func<IEnumerable<(string Key, LoadRequest<TLoad> Request)>> requests, int maxParallel,
        Action<string, TLoad> discard, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (!_taken && _loads is null)
            {
                _root = root;
                _loads = Task.Run(() => Run(requests, maxParallel, discard, cancellationToken), CancellationToken.None);
            }
            return _loads ?? Task.CompletedTask;
        }
    }

    /// <summary>
    /// Takes the loads (once: later calls, and starts after it, get nothing), waiting for them; those read from another
    /// folder than <paramref name="root"/> (or all, when it is null) are discarded.
    /// </summary>
    public Dictionary<string, Preloaded>? Take(string? root, Action<string, TLoad> discard)
    {
        Task<Dictionary<string, Preloaded>>? loads;
        string? preloadRoot;
        lock (_gate)
        {
            _taken = true;
            loads = _loads;
            preloadRoot = _root;
            _loads = null;
        }
        if (loads is null)
        {
            return null;
        }
        Dictionary<string, Preloaded> results;
        try
        {
            results = loads.GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return null; // the scan reads the folder and reports
        }
        if (root is not null && preloadRoot == root)
        {
            return results;
        }
        foreach (var (key, preloaded) in results)
        {
            discard(key, preloaded.Load);
        }
        return null;
    }

    private static Dictionary<string, Preloaded> Run(Func<IEnumerable<(string Key, LoadRequest<TLoad> Request)>> list, int maxParallel,
        Action<string, TLoad> discard, CancellationToken cancellationToken)
    {
        var requests = list().ToList();
        var loaded = new Preloaded?[requests.Count];
        try
        {
            Parallel.For(0, requests.Count, new ParallelOptions { MaxDegreeOfParallelism = maxParallel, CancellationToken = cancellationToken }, i =>
            {
                var started = Stopwatch.GetTimestamp();
                try
                {
                    var load = requests[i].Request.Load(cancellationToken);
                    loaded[i] = new Preloaded(requests[i].Request.Fingerprint, load, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                }
                catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
                {
                    // Left to the scan, which loads it again and reports what goes wrong.
                }
            });
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Stopped (a cancelled load surfaces wrapped in an AggregateException): discard what was loaded.
            for (var i = 0; i < loaded.Length; i++)
            {
                if (loaded[i] is { } preloaded)
                {
                    discard(requests[i].Key, preloaded.Load);
                }
            }
            return [];
        }
        var byKey = new Dictionary<string, Preloaded>(StringComparer.Ordinal);
        for (var i = 0; i < requests.Count; i++)
        {
            if (loaded[i] is { } preloaded)
            {
                byKey[requests[i].Key] = preloaded;
            }
        }
        return byKey;
    }

    /// <summary>One load, with the fingerprint of its files when it started and how long it took.</summary>
    internal sealed record Preloaded(string Fingerprint, TLoad Load, long ElapsedMs);
}
