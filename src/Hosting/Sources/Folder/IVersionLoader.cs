using Kairos.Host.Sources.Trust;

namespace Kairos.Host.Sources.Folder;

/// <summary>
/// What one kind of folder source (DLL plugins, <c>.csx</c> scripts) does at each step of the
/// <see cref="FolderSource{TEntry, TVersion, TCandidate, TLoad}"/> lifecycle: what the folder holds, how a candidate is
/// looked at and loaded, and how a load is published or reported. The folder source keeps the entries, decides what to
/// load, swaps and retires versions; the loader never retires a version it returns.
/// </summary>
/// <typeparam name="TEntry">What the source keeps per key.</typeparam>
/// <typeparam name="TVersion">One loaded version.</typeparam>
/// <typeparam name="TCandidate">One item found in the folder.</typeparam>
/// <typeparam name="TLoad">The result of one load: a version, or why it failed.</typeparam>
internal interface IVersionLoader<TEntry, TVersion, TCandidate, TLoad>
    where TEntry : SourceEntry<TVersion>
    where TVersion : class
{
    /// <summary>The kind of code, for trust messages ("plugin", "script").</summary>
    string Kind { get; }

    /// <summary>
    /// Whether removed entries are dropped before the others are loaded (so a renamed one can take its job ids with it)
    /// rather than after.
    /// </summary>
    bool RemovesFirst { get; }

    /// <summary>How many loads of one scan may run at once.</summary>
    int MaxParallelLoads { get; }

    /// <summary>The scan starts (nothing of it has run yet).</summary>
    void ScanStarting(string root);

    /// <summary>What the folder holds now, in scan order.</summary>
    IReadOnlyList<TCandidate> Discover(string root);

    string KeyOf(TCandidate candidate);

    TEntry NewEntry(string root, TCandidate candidate);

    /// <summary>
    /// Looks at a candidate (checking its trust): what to load, or null when nothing is to be loaded (the loader has
    /// then dealt with it: refused, a library, back to the published version). A request whose fingerprint is the
    /// entry's is not loaded unless <see cref="Retry"/> says so. A loader that takes the published version out of the
    /// catalog here sets <see cref="SourceEntry{TVersion}.Current"/> to null; the folder source retires it.
    /// </summary>
    LoadRequest<TLoad>? Examine(TEntry entry, TCandidate candidate, CodeTrust trust);

    /// <summary>Whether an entry whose files did not change is loaded again (a state that a load may now clear).</summary>
    bool Retry(TEntry entry);

    /// <summary>What the preload loads for a candidate before the first scan; null to leave it to the scan.</summary>
    LoadRequest<TLoad>? ExamineAhead(string root, TCandidate candidate, CodeTrust trust);

    /// <summary>Publishes a load or reports its failure, and says what became of it (see <see cref="LoadOutcome{TVersion}"/>).</summary>
    LoadOutcome<TVersion> Apply(TEntry entry, TCandidate candidate, TLoad load, long elapsedMs);

    /// <summary>The entry left the folder: take it out of the catalog and report it (its version is retired next).</summary>
    void Removed(TEntry entry);

    /// <summary>The scan is over (<paramref name="removed"/> entries went away).</summary>
    void Scanned(string root, IReadOnlyCollection<TEntry> entries, int removed);

    /// <summary>
    /// Unloads a load nobody takes (a preload the first scan did not use); <paramref name="stopping"/> when the host
    /// stops before the first scan.
    /// </summary>
    void Discard(string key, TLoad load, bool stopping);
}
