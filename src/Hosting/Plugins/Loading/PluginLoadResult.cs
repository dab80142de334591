using Kairos.Host.Plugins.Inspection;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// The outcome of loading one version of a plugin: the loaded version, or the reason it failed (naming the file), or
/// that its content is the same as the version already loaded. A context created by a failed load is already unloaded;
/// <see cref="Discarded"/> lets the caller check that it was collected. <see cref="JobProblems"/>: for a plugin that failed
/// because each of its jobs was refused, why each one was (so each is listed as a broken job).
/// </summary>
internal sealed record PluginLoadResult(LoadedPlugin? Plugin, string? Error, string? ContentHash, WeakReference? Discarded)
{
    public IReadOnlyList<PluginProblem> JobProblems { get; init; } = [];

    public bool Unchanged => Plugin is null && Error is null;

    public static PluginLoadResult Loaded(LoadedPlugin plugin) => new(plugin, null, plugin.ContentHash, null);

    public static PluginLoadResult Failed(string error, string? contentHash, WeakReference? discarded = null, IReadOnlyList<PluginProblem>? jobProblems = null) =>
        new(null, error, contentHash, discarded) { JobProblems = jobProblems ?? [] };

    public static PluginLoadResult Same(string contentHash) => new(null, null, contentHash, null);
}
