using System.Diagnostics;
using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Build;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Header;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Sources;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Scripts;

/// <summary>
/// What loading from the script folder means (the steps <see cref="FolderSource{TEntry, TVersion, TCandidate, TLoad}"/>
/// runs): a candidate is a <c>.csx</c> file; a scan reads its closure and rebuilds the script when the closure's content
/// hash changed (builds run in parallel); a good version publishes its one job; a broken one publishes its diagnostics as
/// a problem of its job while the last good version keeps running; a file without a header is a library (no job); a job
/// id another source declares leaves the script conflicted until the id is free. Each scan checks the trust of each
/// script's whole path and closure (<see cref="CodeTrust"/>): a new or changed version from a path other users can write
/// to is refused like a broken one (the last good version keeps running, with the refusal as its job's problem).
/// Deleted scripts are removed first, so a script renamed in the same scan can take its job id with it. What it shows
/// the rest of the host goes through <see cref="ScriptPublication"/>.
/// </summary>
internal sealed class ScriptFolderLoader(
    ScriptClosureReader reader,
    ScriptBuilder builder,
    ScriptPublication publication,
    ILogger<ScriptFolderLoader> logger) : IVersionLoader<ScriptEntry, ScriptJobHandler, string, ScriptBuild>
{
    private const string ScriptKind = ScriptPublication.Kind;
    private string _root = "";
    private long _started;

    public string Kind => ScriptKind;

    public bool RemovesFirst => true;

    public int MaxParallelLoads => Environment.ProcessorCount;

    public void ScanStarting(string root)
    {
        _root = root;
        _started = Stopwatch.GetTimestamp();
    }

    public IReadOnlyList<string> Discover(string root)
    {
        if (!Directory.Exists(root))
        {
            return []; // the folder itself was deleted: like deleting every script in it
        }
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden | FileAttributes.System };
        return [.. Directory.EnumerateFiles(root, "*.csx", options)
            .Where(f => !HiddenNames.IsHiddenBelow(root, f))
            .Order(StringComparer.Ordinal)];
    }

    public string KeyOf(string file) => file;

    public ScriptEntry NewEntry(string root, string file) => new(file, Path.GetRelativePath(root, file).Replace('\\', '/'));

    public LoadRequest<ScriptBuild>? Examine(ScriptEntry entry, string file, CodeTrust trust)
    {
        if (trust.Check(file) is { } unsafeFile)
        {
            Refuse(entry, unsafeFile);
            return null;
        }
        ScriptClosure closure;
        try
        {
            closure = reader.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            ScriptLog.ReadFailed(logger, entry.RelativePath, e.Message);
            return null;
        }
        if (Untrusted(closure, trust) is { } unsafeClosure)
        {
            Refuse(entry, unsafeClosure);
            return null;
        }
        if (!ScriptHeaderParser.HasHeader(closure.RootText.ToString()))
        {
            BecomeLibrary(entry, closure);
            return null;
        }
        if (entry.Current is not null && entry.CurrentHash == closure.ContentHash && entry.Fingerprint != closure.ContentHash)
        {
            Restore(entry, closure);
            return null;
        }
        return Build(closure, _root);
    }

    /// <summary>A refused or library entry is built again once it is a safe job script; a conflicted one once its id is free.</summary>
    public bool Retry(ScriptEntry entry) => entry.Refusal is not null || entry.IsLibrary || CanRetry(entry);

    /// <summary>The build of a job script for the preload; null when it is refused, has no header or cannot be read now.</summary>
    public LoadRequest<ScriptBuild>? ExamineAhead(string root, string file, CodeTrust trust)
    {
        if (trust.Check(file) is not null)
        {
            return null;
        }
        ScriptClosure closure;
        try
        {
            closure = reader.Read(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        return ScriptHeaderParser.HasHeader(closure.RootText.ToString()) && Untrusted(closure, trust) is null ? Build(closure, root) : null;
    }

    private LoadRequest<ScriptBuild> Build(ScriptClosure closure, string root) =>
        new(closure.ContentHash, cancellationToken => SafeBuild(closure, root, cancellationToken));

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

    public LoadOutcome<ScriptJobHandler> Apply(ScriptEntry entry, string file, ScriptBuild build, long elapsedMs)
    {
        var wasBroken = entry.Diagnostics.Count > 0;
        entry.FileVersion = build.Closure.Version;
        entry.IsLibrary = false;
        entry.Refusal = null;
        entry.DeclaredId = build.Definition?.Id ?? build.DeclaredId ?? entry.DeclaredId;
        if (!build.Succeeded)
        {
            Fail(entry, build);
            return LoadOutcome<ScriptJobHandler>.Kept;
        }

        var handler = new ScriptJobHandler(build.Definition!, entry.Source, build.Closure.Version, entry.FullPath, build.Script!);
        var problems = publication.Publish(entry.Source, handler);
        var old = entry.Current;
        if (publication.Holds(handler))
        {
            entry.CurrentHash = build.Closure.ContentHash;
            entry.Diagnostics = [];
            entry.Conflicted = false;
            ScriptLog.Published(logger, handler.Definition.Id, entry.Source, handler.Version, old?.Version ?? "none");
            publication.Loaded(replaces: old is not null);
            if (wasBroken)
            {
                ScriptLog.Recovered(logger, entry.RelativePath, handler.Version);
            }
            if (old is not null)
            {
                publication.Reloaded(Stopwatch.GetElapsedTime(_started));
            }
            return LoadOutcome<ScriptJobHandler>.Published(handler);
        }

        // Another source declares this job id: nothing of this script is published until the id is free.
        entry.Conflicted = true;
        entry.Diagnostics = [.. problems.Select(p => p.Message)];
        ScriptLog.Rejected(logger, entry.Source, string.Join("; ", entry.Diagnostics));
        return LoadOutcome<ScriptJobHandler>.Rejected(handler);
    }

    /// <summary>The file is back to the version that is running (an edit undone): publish it again, load nothing.</summary>
    private void Restore(ScriptEntry entry, ScriptClosure closure)
    {
        entry.Fingerprint = closure.ContentHash;
        entry.FileVersion = closure.Version;
        entry.Refusal = null;
        entry.Diagnostics = [];
        publication.Keep(entry.Source, entry.Current!);
        ScriptLog.Recovered(logger, entry.RelativePath, entry.Current!.Version);
    }

    private void Fail(ScriptEntry entry, ScriptBuild build)
    {
        entry.Diagnostics = [.. build.Errors.Select(e => e.ToString())];
        var running = entry.Current is { } current ? $"version {current.Version} keeps running" : "the job does not run";
        var text = string.Join('\n', entry.Diagnostics);
        var jobId = entry.Current?.Definition.Id ?? entry.DeclaredId;
        var problem = new SourceProblem(entry.Source, jobId, $"{(build.HeaderFailed ? "invalid header" : "does not compile")}; {running}:\n{text}");
        publication.Keep(entry.Source, entry.Current, problem);
        publication.Failed(entry.Source, jobId, problem.Message);
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
        var refusal = untrusted.Describe(ScriptKind);
        if (entry.Refusal == refusal)
        {
            return;
        }
        entry.Refusal = refusal;
        entry.Fingerprint = null;
        entry.IsLibrary = false;
        entry.DeclaredId ??= PeekDeclaredId(entry.FullPath);
        entry.Diagnostics = [$"{entry.RelativePath}: error KRS102: {refusal}"];
        var running = entry.Current is { } current ? $"version {current.Version} keeps running" : "the job does not run";
        var problem = new SourceProblem(entry.Source, entry.Current?.Definition.Id ?? entry.DeclaredId, $"refused, {running}: {refusal}");
        publication.Keep(entry.Source, entry.Current, problem);
        publication.Refused(entry.Source, problem.JobId, problem.Message);
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

    /// <summary>The file lost its header: its job is taken out of the catalog (the folder source retires its version).</summary>
    private void BecomeLibrary(ScriptEntry entry, ScriptClosure closure)
    {
        if (entry.IsLibrary && entry.Fingerprint == closure.ContentHash)
        {
            return;
        }
        if (!entry.IsLibrary)
        {
            publication.Remove(entry.Source);
            entry.Current = null;
            ScriptLog.Library(logger, entry.RelativePath);
        }
        entry.IsLibrary = true;
        entry.Refusal = null;
        entry.Conflicted = false;
        entry.Diagnostics = [];
        entry.Fingerprint = closure.ContentHash;
        entry.FileVersion = closure.Version;
    }

    public void Removed(ScriptEntry entry)
    {
        var jobId = entry.Current?.Definition.Id ?? entry.DeclaredId ?? "(none)";
        publication.Remove(entry.Source);
        // Logged once the catalog shows the job orphaned, so whoever reads the log sees the state it reports.
        if (!entry.IsLibrary)
        {
            ScriptLog.Removed(logger, entry.Source, jobId);
        }
    }

    public void Scanned(string root, IReadOnlyCollection<ScriptEntry> entries, int removed)
    {
        reader.Trim(keep: 4 * entries.Count + 64);
        publication.Scanned([.. entries.OrderBy(e => e.RelativePath, StringComparer.Ordinal).Select(e => e.ToStatus())]);
    }

    public void Discard(string file, ScriptBuild build, bool stopping) => build.Script?.Unload();

    private bool CanRetry(ScriptEntry entry) =>
        entry.Conflicted && entry.DeclaredId is { } id && publication.IsFree(id);
}
