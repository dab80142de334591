using System.Diagnostics;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Sources.Folder;

/// <summary>
/// The loaded versions of one source folder, kept in line with it (DESIGN.md §3): a scan checks the folder's trust,
/// lists what it holds, and for each key whose fingerprint changed loads the new version beside the running one
/// (taking the preload's load when it matches); the loader publishes it or reports why it failed, and the old version
/// is retired (<see cref="VersionRetirer{TVersion}"/>) once a new one is published, or kept running when it is not. A
/// key that left the folder is removed and its version retired. What differs between DLL plugins and <c>.csx</c>
/// scripts is the <see cref="IVersionLoader{TEntry, TVersion, TCandidate, TLoad}"/>. Scans are serialized.
/// </summary>
internal sealed class FolderSource<TEntry, TVersion, TCandidate, TLoad>(
    IVersionLoader<TEntry, TVersion, TCandidate, TLoad> loader,
    VersionRetirer<TVersion> retirer,
    ILogger logger)
    where TEntry : SourceEntry<TVersion>
    where TVersion : class
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, TEntry> _entries = new(StringComparer.Ordinal);
    private readonly SourcePreload<TLoad> _preload = new();
    private readonly UntrustedPathReport _untrusted = new(logger);

    /// <summary>The entries, in the order they were first found. Read under the scan (from the loader) or in tests.</summary>
    public IReadOnlyCollection<TEntry> Entries => _entries.Values;

    /// <summary>
    /// Starts loading what <paramref name="root"/> holds for the first scan (see <see cref="SourcePreload{TLoad}"/>),
    /// ignored once a preload started or a scan ran. The task completes when the loads are done.
    /// </summary>
    public Task Preload(string root, CancellationToken cancellationToken = default) =>
        _preload.Start(root, () => PreloadRequests(root), loader.MaxParallelLoads, (key, load) => loader.Discard(key, load, stopping: true), cancellationToken);

    private IEnumerable<(string, LoadRequest<TLoad>)> PreloadRequests(string root)
    {
        var trust = new CodeTrust(root, loader.Kind);
        foreach (var candidate in loader.Discover(root))
        {
            if (loader.ExamineAhead(root, candidate, trust) is { } request)
            {
                yield return (loader.KeyOf(candidate), request);
            }
        }
    }

    /// <summary>Brings the loaded versions in line with <paramref name="root"/>.</summary>
    public void Scan(string root, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ScanLocked(root, cancellationToken);
        }
    }

    private void ScanLocked(string root, CancellationToken cancellationToken)
    {
        loader.ScanStarting(root);
        var preloaded = _preload.Take(root, Discard);
        var trust = new CodeTrust(root, loader.Kind);
        trust.Check(root); // reported even while the folder holds nothing
        var candidates = loader.Discover(root);
        var present = candidates.Select(loader.KeyOf).ToHashSet(StringComparer.Ordinal);
        var removed = _entries.Values.Where(e => !present.Contains(e.Key)).ToList();
        if (loader.RemovesFirst)
        {
            Remove(removed);
        }

        var work = new List<(TEntry Entry, TCandidate Candidate, LoadRequest<TLoad> Request)>();
        foreach (var candidate in candidates)
        {
            var key = loader.KeyOf(candidate);
            if (!_entries.TryGetValue(key, out var entry))
            {
                entry = loader.NewEntry(root, candidate);
                _entries.Add(key, entry);
            }
            var running = entry.Current;
            var request = loader.Examine(entry, candidate, trust);
            if (running is not null && entry.Current is null)
            {
                retirer.Retire(running); // the loader took it out of the catalog (a script that became a library)
            }
            if (request is null || (request.Fingerprint == entry.Fingerprint && !loader.Retry(entry)))
            {
                continue;
            }
            entry.Fingerprint = request.Fingerprint;
            work.Add((entry, candidate, request));
        }

        var loads = new (TLoad Load, long ElapsedMs)[work.Count];
        var toLoad = new List<int>(work.Count);
        for (var i = 0; i < work.Count; i++)
        {
            // A preloaded version is taken when its files are the ones read now and nothing of the entry runs yet.
            if (preloaded is not null && preloaded.Remove(work[i].Entry.Key, out var ahead))
            {
                if (ahead.Fingerprint == work[i].Request.Fingerprint && work[i].Entry.Current is null)
                {
                    loads[i] = (ahead.Load, ahead.ElapsedMs);
                    continue;
                }
                Discard(work[i].Entry.Key, ahead.Load);
            }
            toLoad.Add(i);
        }
        foreach (var (key, ahead) in preloaded ?? [])
        {
            Discard(key, ahead.Load); // its entry changed or went away before the first scan
        }
        void LoadOne(int i)
        {
            var started = Stopwatch.GetTimestamp();
            var load = work[i].Request.Load(cancellationToken);
            loads[i] = (load, (long)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        if (loader.MaxParallelLoads == 1)
        {
            toLoad.ForEach(LoadOne); // on the scan's thread, one after the other
        }
        else
        {
            Parallel.For(0, toLoad.Count, new ParallelOptions { MaxDegreeOfParallelism = loader.MaxParallelLoads, CancellationToken = cancellationToken },
                j => LoadOne(toLoad[j]));
        }
        for (var i = 0; i < work.Count; i++)
        {
            var (entry, candidate, _) = work[i];
            Swap(entry, loader.Apply(entry, candidate, loads[i].Load, loads[i].ElapsedMs));
        }

        if (!loader.RemovesFirst)
        {
            Remove(removed);
        }
        loader.Scanned(root, _entries.Values, removed.Count);
        _untrusted.Update(trust);
    }

    /// <summary>A published version replaces the running one, which is retired; a rejected one is retired with it.</summary>
    private void Swap(TEntry entry, LoadOutcome<TVersion> outcome)
    {
        if (outcome.Version is not { } version)
        {
            return; // kept: the running version, if any, goes on
        }
        var old = entry.Current;
        entry.Current = outcome.Publishes ? version : null;
        if (!outcome.Publishes)
        {
            retirer.Retire(version);
        }
        if (old is not null && !ReferenceEquals(old, version))
        {
            retirer.Retire(old);
        }
    }

    private void Remove(List<TEntry> removed)
    {
        foreach (var entry in removed)
        {
            _entries.Remove(entry.Key);
            loader.Removed(entry);
            if (entry.Current is { } current)
            {
                entry.Current = null;
                retirer.Retire(current);
            }
        }
    }

    private void Discard(string key, TLoad load) => loader.Discard(key, load, stopping: false);

    /// <summary>Completes when every retirement started so far (drain, unload, collection check) is over.</summary>
    public Task WhenIdleAsync() => retirer.WhenIdleAsync();

    /// <summary>Stops waiting for drains and collection checks (host shutdown).</summary>
    public void StopWaiting() => retirer.StopWaiting();

    /// <summary>
    /// On shutdown: retires every published version with <paramref name="drainGrace"/> (not checking collection) and
    /// waits for the retirements until <paramref name="cancellationToken"/>, then stops waiting.
    /// </summary>
    public async Task RetireAllAsync(TimeSpan drainGrace, CancellationToken cancellationToken)
    {
        foreach (var version in TakeAll())
        {
            retirer.Retire(version, drainGrace, verify: false);
        }
        try
        {
            await retirer.WhenIdleAsync().WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            retirer.StopWaiting();
        }
    }

    /// <summary>Forgets every entry and returns the published versions, for the caller to unload (the host is stopping).</summary>
    public IReadOnlyList<TVersion> TakeAll()
    {
        lock (_gate)
        {
            var versions = _entries.Values.Select(e => e.Current).OfType<TVersion>().ToList();
            foreach (var entry in _entries.Values)
            {
                entry.Current = null;
            }
            _entries.Clear();
            return versions;
        }
    }

    /// <summary>Discards a preload no scan took (the host stopped, or failed to start, first).</summary>
    public void DiscardPreload() => _preload.Take(root: null, (key, load) => loader.Discard(key, load, stopping: true));
}
