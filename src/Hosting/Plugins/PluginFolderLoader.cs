using Kairos.Host.Catalog;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Inspection;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Sources.Folder;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Plugins;

/// <summary>
/// What loading from the plugins folder means (the steps <see cref="FolderSource{TEntry, TVersion, TCandidate, TLoad}"/>
/// runs): a candidate is a plugin (a DLL or a folder) named by its folder or file; it is looked at again when the
/// metadata of its files changes, and loaded one at a time; a good version publishes its jobs and shows in the
/// <see cref="PluginStatusBoard"/>; a failed one is reported once per content, with the file and cause, beside the running
/// version if any. The trust of each plugin's whole path is checked first (<see cref="CodeTrust"/>): while other users
/// can write to a part of it, no new or changed version of it is loaded, and its running version keeps running with
/// that problem.
/// </summary>
internal sealed class PluginFolderLoader(
    PluginPublication publication,
    PluginVersionLoader loader,
    VersionRetirer<LoadedPlugin> retirer,
    SourceLoadReport report,
    ILogger<PluginFolderLoader> logger) : IVersionLoader<PluginEntry, LoadedPlugin, PluginCandidate, PluginLoadResult>
{
    public string Kind => PluginTrust.Kind;

    /// <summary>Removed plugins go last: a job id they free is given to the plugin that lost it (see <see cref="Scanned"/>).</summary>
    public bool RemovesFirst => false;

    /// <summary>One at a time: a plugin's startup runs its own code, in the order of the folder.</summary>
    public int MaxParallelLoads => 1;

    public void ScanStarting(string root)
    {
    }

    public IReadOnlyList<PluginCandidate> Discover(string root) => PluginLayout.Discover(root);

    public string KeyOf(PluginCandidate candidate) => candidate.Name;

    public PluginEntry NewEntry(string root, PluginCandidate candidate) => new(candidate.Name);

    public LoadRequest<PluginLoadResult>? Examine(PluginEntry entry, PluginCandidate candidate, CodeTrust trust)
    {
        try
        {
            if (PluginTrust.Refusal(candidate, trust) is { } refusal)
            {
                // Looked at again once safe: the running version is then cleared of the problem, or a changed one loaded.
                entry.Fingerprint = null;
                var refused = $"{PluginPaths.Display(candidate.MainAssemblyPath ?? candidate.Location)}: {refusal}";
                if (entry.Error != refused)
                {
                    Fail(entry, candidate, refused, null);
                }
                return null;
            }
            var currentHash = entry.Current?.ContentHash;
            return new LoadRequest<PluginLoadResult>(PluginFingerprint.OfMetadata(candidate), _ => Load(candidate, currentHash));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unexpected(entry, candidate, e);
            return null;
        }
    }

    public bool Retry(PluginEntry entry) => false;

    /// <summary>Every plugin is preloaded; a refused one is discarded by the first scan.</summary>
    public LoadRequest<PluginLoadResult>? ExamineAhead(string root, PluginCandidate candidate, CodeTrust trust) =>
        // Read before the load: a plugin changed while it loads does not match the scan's reading.
        new(PluginFingerprint.OfMetadata(candidate), _ => loader.Load(candidate, currentHash: null));

    private PluginLoadResult Load(PluginCandidate candidate, string? currentHash)
    {
        try
        {
            return loader.Load(candidate, currentHash);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A bug of ours, not the plugin's: still one error naming the plugin, and the others go on.
            return PluginLoadResult.Failed(UnexpectedError(candidate, e), contentHash: null);
        }
    }

    public LoadOutcome<LoadedPlugin> Apply(PluginEntry entry, PluginCandidate candidate, PluginLoadResult result, long elapsedMs)
    {
        try
        {
            return ApplyLoad(entry, candidate, result, elapsedMs);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Unexpected(entry, candidate, e);
            return LoadOutcome<LoadedPlugin>.Kept;
        }
    }

    private LoadOutcome<LoadedPlugin> ApplyLoad(PluginEntry entry, PluginCandidate candidate, PluginLoadResult result, long elapsedMs)
    {
        if (result.Discarded is { } discarded)
        {
            VerifyDiscarded(candidate.Name, discarded);
        }
        if (result.Unchanged)
        {
            if (entry.Error is not null && entry.Current is { } same)
            {
                // The plugin is back to the version that runs: the failure no longer applies.
                entry.Error = null;
                entry.FailedHash = null;
                Publish(same);
                publication.ShowLoaded(same);
            }
            return LoadOutcome<LoadedPlugin>.Kept;
        }
        if (result.Error is { } error)
        {
            Fail(entry, candidate, error, result.ContentHash, result.JobProblems);
            return LoadOutcome<LoadedPlugin>.Kept;
        }
        var plugin = result.Plugin!;
        entry.Error = null;
        entry.FailedHash = null;
        Publish(plugin, firstTime: true);
        // Called from now until the version is retired (PluginRetirement.Unload releases it).
        publication.Listen(plugin);
        publication.ShowLoaded(plugin);
        report.Loaded(PluginTrust.Kind, replaces: entry.Current is not null);
        if (entry.Current is not { } old)
        {
            PluginLog.Loaded(logger, plugin.Name, plugin.Version, plugin.DisplayPath, plugin.Handlers.Count, elapsedMs);
        }
        else
        {
            PluginLog.Reloaded(logger, plugin.Name, old.Version, plugin.Version);
        }
        if (HasNativeLibraries(candidate))
        {
            PluginLog.NativeLibraries(logger, plugin.Name);
        }
        return LoadOutcome<LoadedPlugin>.Published(plugin);
    }

    public void Discard(string name, PluginLoadResult result, bool stopping)
    {
        if (stopping)
        {
            if (result.Plugin is { } stopped)
            {
                PluginLog.PreloadDiscarded(logger, stopped.Name, stopped.Version, "the host stopped before the first scan");
                retirer.Discard(stopped, verify: false);
            }
            return;
        }
        if (result.Discarded is { } discarded)
        {
            VerifyDiscarded(name, discarded);
        }
        if (result.Plugin is { } plugin)
        {
            PluginLog.PreloadDiscarded(logger, plugin.Name, plugin.Version, "its files changed before the first scan");
            retirer.Discard(plugin, verify: true);
        }
    }

    /// <summary>Checks that the context of a failed load, unloaded at once, was collected.</summary>
    private void VerifyDiscarded(string pluginName, WeakReference context) => retirer.Verify(context, collected =>
    {
        if (collected)
        {
            PluginLog.DiscardedCollected(logger, pluginName, collected);
        }
        else
        {
            PluginLog.Leaked(logger, pluginName, "(failed load)", retirer.UnloadCheckRounds);
        }
    });

    private void Unexpected(PluginEntry entry, PluginCandidate candidate, Exception e) =>
        Fail(entry, candidate, UnexpectedError(candidate, e), null);

    private static string UnexpectedError(PluginCandidate candidate, Exception e) =>
        $"{PluginPaths.Display(candidate.Location)}: unexpected error while loading: {e}";

    private void Fail(PluginEntry entry, PluginCandidate candidate, string error, string? contentHash, IReadOnlyList<PluginProblem>? jobProblems = null)
    {
        if (contentHash is not null && contentHash == entry.FailedHash)
        {
            return; // This very content failed before and was reported.
        }
        entry.FailedHash = contentHash;
        entry.Error = error;
        report.Failed(PluginTrust.Kind, candidate.Source, null, error);
        var problem = new SourceProblem(candidate.Source, null, error);
        if (entry.Current is { } current)
        {
            Publish(current, problem);
            publication.ShowLoaded(current, error);
            PluginLog.ReloadFailed(logger, candidate.Name, error, current.Version);
            return;
        }
        // Each failure is logged after the catalog and board show it, so a reader of the log sees the state it reports.
        // Each refused job is a problem of its own too, so that `jobs` lists it as broken rather than not at all.
        publication.ShowFailed(candidate, problem, jobProblems, error);
        PluginLog.LoadFailed(logger, candidate.Name, error);
    }

    /// <summary>Publishes the plugin's handlers; logs its own problems when <paramref name="firstTime"/>, and every conflict.</summary>
    private void Publish(LoadedPlugin plugin, SourceProblem? extra = null, bool firstTime = false)
    {
        foreach (var problem in publication.Publish(plugin, extra, firstTime))
        {
            PluginLog.Problem(logger, plugin.Name, problem.Message);
        }
    }

    public void Removed(PluginEntry entry)
    {
        publication.Remove(entry.Name);
        if (entry.Current is not null)
        {
            PluginLog.Removed(logger, entry.Name);
        }
    }

    /// <summary>After a removal, a job id that another plugin lost to the removed one may be free now.</summary>
    public void Scanned(string root, IReadOnlyCollection<PluginEntry> entries, int removed)
    {
        if (removed == 0)
        {
            return;
        }
        foreach (var entry in entries)
        {
            if (entry.Current is { ConflictedJobIds.Count: > 0 } current)
            {
                Publish(current, entry.Error is null ? null : new SourceProblem(current.Source, null, entry.Error));
            }
        }
    }

    private static bool HasNativeLibraries(PluginCandidate candidate) =>
        candidate.Kind == PluginLayoutKind.Folder
        && Directory.EnumerateFiles(candidate.Location, "*", SearchOption.AllDirectories)
            .Any(f => f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dylib", StringComparison.Ordinal)
                || f.Contains($"{Path.DirectorySeparatorChar}native{Path.DirectorySeparatorChar}", StringComparison.Ordinal));
}
