using System.Diagnostics;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Sources.Retiring;
using Kairos.Host.Sources.Trust;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Plugins;

/// <summary>
/// The plugins of one plugins folder and what the catalog knows of them. A scan compares the folder with what is
/// loaded and, one plugin at a time under one lock (so loaders are swapped from one place only): loads a new or
/// changed plugin beside its running version, publishes it, and retires the old version in the background; keeps the
/// old version and reports the file and cause when the new one fails; removes the source of a deleted plugin. Every
/// scan checks the trust of each plugin's whole path first (<see cref="CodeTrust"/>): while other users can write to a
/// part of it, no new or changed version of it is loaded, and its running version keeps running with that problem.
/// </summary>
internal sealed class PluginSet(
    JobCatalog catalog,
    PluginRegistry registry,
    PluginVersionLoader loader,
    VersionRetirer<LoadedPlugin> retirer,
    IOptions<KairosOptions> options,
    ILogger<PluginSet> logger) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, Slot> _slots = new(StringComparer.Ordinal);
    private readonly UntrustedPathReport _untrusted = new(logger);
    private PluginPreload? _preload;
    private Dictionary<string, PluginPreload.Entry>? _preloaded;
    private bool _scanned;

    /// <summary>
    /// Starts loading the plugins of <paramref name="root"/> for the first scan (see <see cref="PluginPreload"/>);
    /// ignored after it. The task completes when the loads are done.
    /// </summary>
    public Task Preload(string root)
    {
        lock (_gate)
        {
            if (!_scanned && _preload is null)
            {
                _preload = new PluginPreload(root, candidate => loader.Load(candidate, currentHash: null));
            }
            return _preload?.Completion ?? Task.CompletedTask;
        }
    }

    public void Scan(string root)
    {
        lock (_gate)
        {
            _scanned = true;
            if (_preload is { } preload)
            {
                _preload = null;
                _preloaded = preload.Results();
                if (preload.Root != root)
                {
                    DiscardPreloaded();
                }
            }
            var trust = new CodeTrust(root, PluginTrust.Kind);
            trust.Check(root); // reported even while it holds no plugin
            var candidates = PluginLayout.Discover(root);
            foreach (var candidate in candidates)
            {
                try
                {
                    Update(candidate, trust);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // A bug of ours, not the plugin's: still one error naming the plugin, and the others go on.
                    var slot = _slots[candidate.Name];
                    Fail(slot, candidate, $"{PluginPaths.Display(candidate.Location)}: unexpected error while loading: {e}", null);
                }
            }
            var present = candidates.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);
            var removed = _slots.Keys.Where(name => !present.Contains(name)).ToList();
            foreach (var name in removed)
            {
                Remove(name);
            }
            if (removed.Count > 0)
            {
                RepublishConflicted();
            }
            DiscardPreloaded();
            _untrusted.Update(trust);
        }
    }

    /// <summary>Completes when every retirement started so far (drain, unload, collection check) is over.</summary>
    public Task WhenIdleAsync() => retirer.WhenIdleAsync();

    /// <summary>On shutdown: lets runs drain for the shutdown grace, then disposes and unloads every plugin.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var slot in _slots.Values.Where(s => s.Current is not null))
            {
                retirer.Retire(slot.Current!, options.Value.ShutdownGrace, verify: false);
                slot.Current = null;
            }
            _slots.Clear();
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

    private void Update(PluginCandidate candidate, CodeTrust trust)
    {
        if (!_slots.TryGetValue(candidate.Name, out var slot))
        {
            slot = new Slot(candidate.Name);
            _slots.Add(candidate.Name, slot);
        }
        if (PluginTrust.Refusal(candidate, trust) is { } refusal)
        {
            // Looked at again once safe: the running version is then cleared of the problem, or a changed one loaded.
            slot.Fingerprint = null;
            var refused = $"{PluginPaths.Display(candidate.MainAssemblyPath ?? candidate.Location)}: {refusal}";
            if (slot.Error != refused)
            {
                Fail(slot, candidate, refused, null);
            }
            return;
        }
        var fingerprint = PluginFingerprint.OfMetadata(candidate);
        if (fingerprint == slot.Fingerprint)
        {
            return;
        }
        slot.Fingerprint = fingerprint;
        var watch = Stopwatch.StartNew();
        var preloaded = TakePreloaded(candidate.Name, fingerprint, slot);
        var result = preloaded?.Result ?? loader.Load(candidate, slot.Current?.ContentHash);
        var elapsedMs = preloaded?.ElapsedMs ?? watch.ElapsedMilliseconds;
        if (result.Discarded is { } discarded)
        {
            VerifyDiscarded(candidate.Name, discarded);
        }
        if (result.Unchanged)
        {
            if (slot.Error is not null && slot.Current is { } same)
            {
                // The plugin is back to the version that runs: the failure no longer applies.
                slot.Error = null;
                slot.FailedHash = null;
                Publish(same);
                registry.SetCurrent(PluginInfo.Of(same, PluginState.Loaded));
            }
            return;
        }
        if (result.Error is { } error)
        {
            Fail(slot, candidate, error, result.ContentHash, result.JobProblems);
            return;
        }
        var plugin = result.Plugin!;
        slot.Error = null;
        slot.FailedHash = null;
        Publish(plugin, firstTime: true);
        registry.SetCurrent(PluginInfo.Of(plugin, PluginState.Loaded));
        var old = slot.Current;
        slot.Current = plugin;
        if (old is null)
        {
            PluginLog.Loaded(logger, plugin.Name, plugin.Version, plugin.DisplayPath, plugin.Handlers.Count, elapsedMs);
        }
        else
        {
            PluginLog.Reloaded(logger, plugin.Name, old.Version, plugin.Version);
            Retire(old);
        }
        if (HasNativeLibraries(candidate))
        {
            PluginLog.NativeLibraries(logger, plugin.Name);
        }
    }

    /// <summary>The preloaded result for this plugin when its files are as they were then and nothing of it runs yet.</summary>
    private PluginPreload.Entry? TakePreloaded(string name, string fingerprint, Slot slot)
    {
        if (_preloaded is null || !_preloaded.Remove(name, out var entry))
        {
            return null;
        }
        if (entry.Fingerprint == fingerprint && slot.Current is null)
        {
            return entry;
        }
        Discard(name, entry.Result);
        return null;
    }

    /// <summary>Unloads the preloaded versions the first scan did not take (their plugin changed or went away).</summary>
    private void DiscardPreloaded()
    {
        foreach (var (name, entry) in _preloaded ?? [])
        {
            Discard(name, entry.Result);
        }
        _preloaded = null;
    }

    private void Discard(string name, PluginLoadResult result)
    {
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

    private void Fail(Slot slot, PluginCandidate candidate, string error, string? contentHash, IReadOnlyList<PluginProblem>? jobProblems = null)
    {
        if (contentHash is not null && contentHash == slot.FailedHash)
        {
            return; // This very content failed before and was reported.
        }
        slot.FailedHash = contentHash;
        slot.Error = error;
        var problem = new SourceProblem(candidate.Source, null, error);
        if (slot.Current is { } current)
        {
            Publish(current, problem);
            registry.SetCurrent(PluginInfo.Of(current, PluginState.Loaded) with { Error = error });
            PluginLog.ReloadFailed(logger, candidate.Name, error, current.Version);
            return;
        }
        // Each failure is logged after the catalog and registry show it, so a reader of the log sees the state it reports.
        // Each refused job is a problem of its own too, so that `jobs` lists it as broken rather than not at all.
        catalog.Publish(candidate.Source, [], [problem, .. (jobProblems ?? []).Select(p => new SourceProblem(candidate.Source, p.JobId, p.Message))]);
        registry.SetCurrent(new PluginInfo(candidate.Name, candidate.Source,
            PluginPaths.Display(candidate.MainAssemblyPath ?? candidate.Location), PluginState.Failed, null, null, [], error));
        PluginLog.LoadFailed(logger, candidate.Name, error);
    }

    /// <summary>Publishes the plugin's handlers; logs its own problems when <paramref name="firstTime"/>, and every conflict.</summary>
    private void Publish(LoadedPlugin plugin, SourceProblem? extra = null, bool firstTime = false)
    {
        var problems = plugin.Problems.Select(p => new SourceProblem(plugin.Source, p.JobId, p.Message)).ToList();
        if (extra is not null)
        {
            problems.Add(extra);
        }
        var reported = catalog.Publish(plugin.Source, plugin.Handlers, problems);
        var toLog = firstTime ? reported.Take(plugin.Problems.Count).Concat(reported.Skip(problems.Count)) : reported.Skip(problems.Count);
        foreach (var problem in toLog)
        {
            PluginLog.Problem(logger, plugin.Name, problem.Message);
        }
        var published = catalog.Current.Handlers;
        plugin.ConflictedJobIds = plugin.Handlers
            .Where(h => !published.TryGetValue(h.Definition.Id, out var winner) || !ReferenceEquals(winner, h))
            .Select(h => h.Definition.Id)
            .ToHashSet(StringComparer.Ordinal);
    }

    private void Remove(string name)
    {
        var slot = _slots[name];
        _slots.Remove(name);
        catalog.Remove(PluginSource.For(name));
        registry.RemoveCurrent(name);
        if (slot.Current is { } current)
        {
            PluginLog.Removed(logger, name);
            Retire(current);
        }
    }

    /// <summary>After a removal, a job id that another plugin lost to the removed one may be free now.</summary>
    private void RepublishConflicted()
    {
        foreach (var slot in _slots.Values)
        {
            if (slot.Current is { ConflictedJobIds.Count: > 0 } current)
            {
                Publish(current, slot.Error is null ? null : new SourceProblem(current.Source, null, slot.Error));
            }
        }
    }

    private void Retire(LoadedPlugin plugin) => retirer.Retire(plugin);

    private static bool HasNativeLibraries(PluginCandidate candidate) =>
        candidate.Kind == PluginLayoutKind.Folder
        && Directory.EnumerateFiles(candidate.Location, "*", SearchOption.AllDirectories)
            .Any(f => f.EndsWith(".so", StringComparison.Ordinal) || f.EndsWith(".dylib", StringComparison.Ordinal)
                || f.Contains($"{Path.DirectorySeparatorChar}native{Path.DirectorySeparatorChar}", StringComparison.Ordinal));

    public void Dispose()
    {
        PluginPreload? preload;
        lock (_gate)
        {
            preload = _preload;
            _preload = null;
        }
        foreach (var entry in preload?.Results().Values ?? Enumerable.Empty<PluginPreload.Entry>())
        {
            if (entry.Result.Plugin is { } plugin)
            {
                PluginLog.PreloadDiscarded(logger, plugin.Name, plugin.Version, "the host stopped before the first scan");
                retirer.Discard(plugin, verify: false);
            }
        }
    }

    private sealed class Slot(string name)
    {
        public string Name { get; } = name;

        public string? Fingerprint { get; set; }

        public LoadedPlugin? Current { get; set; }

        public string? Error { get; set; }

        public string? FailedHash { get; set; }
    }
}
