using System.Diagnostics;
using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>
/// Brings the catalog in line with the script folder: each scan reads every script's closure, rebuilds the ones
/// whose content hash changed (in parallel), publishes good versions, keeps the last good version running when a
/// new one is broken (publishing the diagnostics as a problem of its job), removes deleted scripts, and hands
/// replaced versions to the <see cref="VersionRetirer{TVersion}"/>. Every scan checks the trust of each script's whole path and
/// closure (<see cref="CodeTrust"/>): a new or changed version from a path other users can write to is refused like a
/// broken one (the last good version keeps running, with the refusal as its job's problem). Not thread-safe: one scan at a time, from one loop.
/// </summary>
internal sealed class ScriptReconciler(
    JobCatalog catalog,
    ScriptClosureReader reader,
    ScriptBuilder builder,
    VersionRetirer<ScriptJobHandler> retirer,
    ScriptStatusBoard board,
    ILogger<ScriptReconciler> logger)
{
    private const string Kind = "script";
    private readonly Dictionary<string, ScriptEntry> _entries = new(StringComparer.Ordinal);
    private readonly UntrustedPathReport _untrusted = new(logger);
    private readonly Lock _preloadGate = new();
    private ScriptPreload? _preload;
    private bool _scanned;

    /// <summary>
    /// Starts building the job scripts of <paramref name="root"/> for the first scan (see <see cref="ScriptPreload"/>);
    /// ignored after it. The task completes when the builds are done.
    /// </summary>
    public Task Preload(string root, CancellationToken cancellationToken)
    {
        lock (_preloadGate)
        {
            if (!_scanned && _preload is null)
            {
                _preload = new ScriptPreload(root, () => [.. Enumerate(root).Where(f => new CodeTrust(root, Kind).Check(f) is null)],
                    file => BuildAhead(file, root, cancellationToken), cancellationToken);
            }
            return _preload?.Completion ?? Task.CompletedTask;
        }
    }

    /// <summary>The build of a job script for the preload; null when it has no header or cannot be read now.</summary>
    private ScriptBuild? BuildAhead(string file, string root, CancellationToken cancellationToken)
    {
        ScriptClosure closure;
        try
        {
            closure = reader.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ScriptHeaderParser.HasHeader(closure.RootText.ToString()) && Untrusted(closure, new CodeTrust(root, Kind)) is null
            ? SafeBuild(closure, root, cancellationToken)
            : null;
    }

    /// <summary>The preloaded builds, once, when they were read from <paramref name="root"/> (the others are unloaded).</summary>
    private Dictionary<string, ScriptBuild>? TakePreloaded(string? root)
    {
        ScriptPreload? preload;
        lock (_preloadGate)
        {
            _scanned = true;
            preload = _preload;
            _preload = null;
        }
        if (preload is null)
        {
            return null;
        }
        var builds = preload.Results();
        if (preload.Root == root)
        {
            return builds;
        }
        ScriptPreload.Unload(builds.Values);
        return null;
    }

    public void Rescan(string root, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var trust = new CodeTrust(root, Kind);
        trust.Check(root); // reported even while it holds no script
        var preloaded = TakePreloaded(root);
        var files = Enumerate(root);
        var present = files.ToHashSet(StringComparer.Ordinal);
        // Deletions first, so a script renamed in the same scan can take its job id with it.
        foreach (var gone in _entries.Values.Where(e => !present.Contains(e.FullPath)).ToList())
        {
            Forget(gone);
        }

        var work = new List<(ScriptEntry Entry, ScriptClosure Closure)>();
        foreach (var file in files)
        {
            if (!_entries.TryGetValue(file, out var entry))
            {
                entry = new ScriptEntry(file, Path.GetRelativePath(root, file).Replace('\\', '/'));
                _entries[file] = entry;
            }
            if (trust.Check(file) is { } unsafeFile)
            {
                Refuse(entry, unsafeFile);
                continue;
            }
            ScriptClosure closure;
            try
            {
                closure = reader.Read(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                ScriptLog.ReadFailed(logger, entry.RelativePath, e.Message);
                continue;
            }
            if (Untrusted(closure, trust) is { } unsafeClosure)
            {
                Refuse(entry, unsafeClosure);
            }
            else if (!ScriptHeaderParser.HasHeader(closure.RootText.ToString()))
            {
                BecomeLibrary(entry, closure);
            }
            else if (entry.Current is not null && entry.CurrentHash == closure.ContentHash && entry.FileHash != closure.ContentHash)
            {
                Restore(entry, closure);
            }
            else if (entry.FileHash != closure.ContentHash || entry.Refusal is not null || entry.IsLibrary || CanRetry(entry))
            {
                work.Add((entry, closure));
            }
        }

        var builds = new ScriptBuild[work.Count];
        var toBuild = new List<int>(work.Count);
        for (var i = 0; i < work.Count; i++)
        {
            // A preloaded build is taken when its closure is the one read now; otherwise it is built again.
            if (preloaded is not null && preloaded.Remove(work[i].Entry.FullPath, out var ahead))
            {
                if (ahead.Closure.ContentHash == work[i].Closure.ContentHash)
                {
                    builds[i] = ahead;
                    continue;
                }
                ScriptPreload.Unload([ahead]);
            }
            toBuild.Add(i);
        }
        ScriptPreload.Unload(preloaded?.Values ?? Enumerable.Empty<ScriptBuild>());
        Parallel.For(0, toBuild.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken },
            j => builds[toBuild[j]] = SafeBuild(work[toBuild[j]].Closure, root, cancellationToken));
        for (var i = 0; i < work.Count; i++)
        {
            Apply(work[i].Entry, builds[i], started);
        }
        reader.Trim(keep: 4 * files.Count + 64);
        _untrusted.Update(trust);
        board.UpdateScripts([.. _entries.Values.OrderBy(e => e.RelativePath, StringComparer.Ordinal).Select(e => e.ToStatus())]);
    }

    /// <summary>Unloads every version without draining (the host is being disposed).</summary>
    public void UnloadAll()
    {
        // A preload no scan took (the host stopped, or failed to start, first).
        ScriptPreload.Unload(TakePreloaded(root: null)?.Values ?? Enumerable.Empty<ScriptBuild>());
        foreach (var entry in _entries.Values)
        {
            entry.Current?.Detach()?.Unload();
            entry.Current = null;
        }
        _entries.Clear();
    }

    private ScriptBuild SafeBuild(ScriptClosure closure, string root, CancellationToken cancellationToken)
    {
        try
        {
            return builder.Build(closure, root, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            var path = ScriptDiagnostic.DisplayPath(closure.RootPath, root);
            return new ScriptBuild(closure, null, null, null, [new ScriptDiagnostic(path, 0, 0, "KRS101", $"the script could not be loaded: {e.GetType().Name}: {e.Message}")], HeaderFailed: false);
        }
    }

    private void Apply(ScriptEntry entry, ScriptBuild build, long started)
    {
        var wasBroken = entry.Diagnostics.Count > 0;
        entry.FileHash = build.Closure.ContentHash;
        entry.FileVersion = build.Closure.Version;
        entry.IsLibrary = false;
        entry.Refusal = null;
        entry.DeclaredId = build.Definition?.Id ?? build.DeclaredId ?? entry.DeclaredId;
        if (!build.Succeeded)
        {
            Fail(entry, build);
            return;
        }

        var handler = new ScriptJobHandler(build.Definition!, entry.Source, build.Closure.Version, entry.FullPath, build.Script!);
        var problems = catalog.Publish(entry.Source, [handler], []);
        var old = entry.Current;
        if (catalog.TryGetHandler(handler.Definition.Id, out var current) && ReferenceEquals(current, handler))
        {
            entry.Current = handler;
            entry.CurrentHash = build.Closure.ContentHash;
            entry.Diagnostics = [];
            entry.Conflicted = false;
            ScriptLog.Published(logger, handler.Definition.Id, entry.Source, handler.Version, old?.Version ?? "none");
            if (wasBroken)
            {
                ScriptLog.Recovered(logger, entry.RelativePath, handler.Version);
            }
            if (old is not null)
            {
                board.Counters.Reloaded(Stopwatch.GetElapsedTime(started));
                retirer.Retire(old);
            }
            return;
        }

        // Another source declares this job id: nothing of this script is published until the id is free.
        entry.Current = null;
        entry.Conflicted = true;
        entry.Diagnostics = [.. problems.Select(p => p.Message)];
        ScriptLog.Rejected(logger, entry.Source, string.Join("; ", entry.Diagnostics));
        retirer.Retire(handler);
        if (old is not null)
        {
            retirer.Retire(old);
        }
    }

    /// <summary>The file is back to the version that is running (an edit undone): publish it again, load nothing.</summary>
    private void Restore(ScriptEntry entry, ScriptClosure closure)
    {
        entry.FileHash = closure.ContentHash;
        entry.FileVersion = closure.Version;
        entry.Refusal = null;
        entry.Diagnostics = [];
        catalog.Publish(entry.Source, [entry.Current!], []);
        ScriptLog.Recovered(logger, entry.RelativePath, entry.Current!.Version);
    }

    private void Fail(ScriptEntry entry, ScriptBuild build)
    {
        entry.Diagnostics = [.. build.Errors.Select(e => e.ToString())];
        var running = entry.Current is { } current ? $"version {current.Version} keeps running" : "the job does not run";
        var text = string.Join('\n', entry.Diagnostics);
        var jobId = entry.Current?.Definition.Id ?? entry.DeclaredId;
        var problem = new SourceProblem(entry.Source, jobId, $"{(build.HeaderFailed ? "invalid header" : "does not compile")}; {running}:\n{text}");
        catalog.Publish(entry.Source, entry.Current is null ? [] : [entry.Current], [problem]);
        if (build.HeaderFailed)
        {
            ScriptLog.HeaderInvalid(logger, entry.RelativePath, running, text);
        }
        else
        {
            ScriptLog.CompileFailed(logger, entry.RelativePath, running, text);
        }
    }

    /// <summary>The first unsafe path of the script's closure: the script, its <c>#load</c> files, its <c>#r</c> assemblies.</summary>
    private static UntrustedPath? Untrusted(ScriptClosure closure, CodeTrust trust) =>
        trust.Check([closure.RootPath, .. closure.LoadedFiles, .. closure.References]);

    /// <summary>
    /// Loads nothing of the script while a path of it is unsafe; the running version, if any, keeps running (it was
    /// loaded while the path was safe), with the refusal as its problem. Once safe, the next scan restores or rebuilds it.
    /// </summary>
    private void Refuse(ScriptEntry entry, UntrustedPath untrusted)
    {
        var refusal = untrusted.Describe(Kind);
        if (entry.Refusal == refusal)
        {
            return;
        }
        entry.Refusal = refusal;
        entry.FileHash = null;
        entry.IsLibrary = false;
        entry.DeclaredId ??= PeekDeclaredId(entry.FullPath);
        entry.Diagnostics = [$"{entry.RelativePath}: error KRS102: {refusal}"];
        var running = entry.Current is { } current ? $"version {current.Version} keeps running" : "the job does not run";
        var problem = new SourceProblem(entry.Source, entry.Current?.Definition.Id ?? entry.DeclaredId, $"refused, {running}: {refusal}");
        catalog.Publish(entry.Source, entry.Current is null ? [] : [entry.Current], [problem]);
        ScriptLog.FileRefused(logger, entry.RelativePath, $"{refusal}; {running}");
    }

    /// <summary>The job id the script's header declares, read without compiling anything, so the refused job is listed.</summary>
    private static string? PeekDeclaredId(string path)
    {
        try
        {
            var text = File.ReadAllText(path);
            return ScriptHeaderParser.HasHeader(text) ? ScriptHeaderParser.Parse(text).DeclaredId : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void BecomeLibrary(ScriptEntry entry, ScriptClosure closure)
    {
        if (entry.IsLibrary && entry.FileHash == closure.ContentHash)
        {
            return;
        }
        if (!entry.IsLibrary)
        {
            Unpublish(entry);
            ScriptLog.Library(logger, entry.RelativePath);
        }
        entry.IsLibrary = true;
        entry.Refusal = null;
        entry.Conflicted = false;
        entry.Diagnostics = [];
        entry.FileHash = closure.ContentHash;
        entry.FileVersion = closure.Version;
    }

    private void Forget(ScriptEntry entry)
    {
        _entries.Remove(entry.FullPath);
        var jobId = entry.Current?.Definition.Id ?? entry.DeclaredId ?? "(none)";
        Unpublish(entry);
        // Logged once the catalog shows the job orphaned, so whoever reads the log sees the state it reports.
        if (!entry.IsLibrary)
        {
            ScriptLog.Removed(logger, entry.Source, jobId);
        }
    }

    private void Unpublish(ScriptEntry entry)
    {
        catalog.Remove(entry.Source);
        if (entry.Current is { } current)
        {
            entry.Current = null;
            retirer.Retire(current);
        }
    }

    private bool CanRetry(ScriptEntry entry) =>
        entry.Conflicted && entry.DeclaredId is { } id && !catalog.Current.Handlers.ContainsKey(id);

    private static List<string> Enumerate(string root)
    {
        if (!Directory.Exists(root))
        {
            return []; // the folder itself was deleted: like deleting every script in it
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return [.. Directory.EnumerateFiles(root, "*.csx", options)
            .Where(f => !Path.GetRelativePath(root, f).Split(Path.DirectorySeparatorChar).Any(s => s.StartsWith('.')))
            .Order(StringComparer.Ordinal)];
    }
}
