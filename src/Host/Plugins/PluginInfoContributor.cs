using Kairos.Host.Operations;

namespace Kairos.Host.Plugins;

/// <summary>The <c>plugins</c> section of <c>kairos info --json</c>.</summary>
internal sealed class PluginInfoContributor(PluginRegistry registry, PluginJobSource source) : IInfoContributor
{
    public string Section => "plugins";

    public object Snapshot()
    {
        var all = registry.Snapshot();
        return new PluginsSection(
            source.Folder,
            [.. all.Where(p => p.State is PluginState.Loaded or PluginState.Failed)],
            [.. all.Where(p => p.State is PluginState.Unloading or PluginState.Unloaded)]);
    }

    /// <param name="Folder">The watched folder; null when plugins are disabled.</param>
    /// <param name="Current">Each plugin in the folder: loaded (with version, load time, jobs) or failed (with the error).</param>
    /// <param name="Unloaded">The most recent replaced or removed versions, and whether their contexts were collected.</param>
    internal sealed record PluginsSection(string? Folder, IReadOnlyList<PluginInfo> Current, IReadOnlyList<PluginInfo> Unloaded);
}
