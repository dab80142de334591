namespace Kairos.Host.Plugins;

/// <summary>
/// The outcome of loading one version of a plugin: the loaded version, or the reason it failed (naming the file), or
/// that its content is the same as the version already loaded. A context created by a failed load is already unloaded;
/// <see cref="Discarded"/> lets the caller check that it was collected.
/// </summary>
internal sealed record PluginLoadResult(LoadedPlugin? Plugin, string? Error, string? ContentHash, WeakReference? Discarded)
{
    public bool Unchanged => Plugin is null && Error is null;

    public static PluginLoadResult Loaded(LoadedPlugin plugin) => new(plugin, null, plugin.ContentHash, null);

    public static PluginLoadResult Failed(string error, string? contentHash, WeakReference? discarded = null) =>
        new(null, error, contentHash, discarded);

    public static PluginLoadResult Same(string contentHash) => new(null, null, contentHash, null);
}
