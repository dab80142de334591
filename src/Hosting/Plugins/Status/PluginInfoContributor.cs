using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;

namespace Kairos.Host.Plugins.Status;

/// <summary>The <c>plugins</c> section of <c>kairos info --json</c>, and the leaked plugin versions as problems.</summary>
internal sealed class PluginInfoContributor(PluginStatusBoard board, PluginJobSource source) : IInfoContributor
{
    public string Section => "plugins";

    public object Snapshot()
    {
        var all = board.Snapshot();
        return new PluginsSection(
            source.Folder,
            [.. all.Where(p => p.State is PluginState.Loaded or PluginState.Failed)],
            [.. all.Where(p => p.State is PluginState.Unloading or PluginState.Unloaded)]);
    }

    /// <summary>
    /// One problem per job of each plugin with unloaded versions that were not collected (one for the plugin when
    /// those versions had no jobs): their memory stays taken until the host restarts, and each reload adds a copy.
    /// </summary>
    public IReadOnlyList<SourceProblem> Problems() =>
        [.. board.Snapshot()
            .Where(p => p.State == PluginState.Unloaded && p.Collected == false)
            .GroupBy(p => p.Name, StringComparer.Ordinal)
            .SelectMany(Leaked)];

    private static IEnumerable<SourceProblem> Leaked(IGrouping<string, PluginInfo> versions)
    {
        var message = $"plugin {versions.Key} leaked {versions.Count()} unloaded version(s) ({string.Join(", ", versions.Select(v => v.Version))}): "
            + "each load context is still alive after its unload check, so its memory stays taken until the host restarts and every "
            + "reload adds a copy; something outside the plugin still references its code (README: 'Rules for a plugin that unloads cleanly')";
        var jobIds = versions.SelectMany(v => v.JobIds).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var source = PluginSource.For(versions.Key);
        return jobIds.Count == 0 ? [new SourceProblem(source, null, message)] : jobIds.Select(id => new SourceProblem(source, id, message));
    }

    /// <param name="Folder">The watched folder; null when plugins are disabled.</param>
    /// <param name="Current">Each plugin in the folder: loaded (with version, load time, jobs) or failed (with the error).</param>
    /// <param name="Unloaded">The most recent replaced or removed versions, and whether their contexts were collected.</param>
    internal sealed record PluginsSection(string? Folder, IReadOnlyList<PluginInfo> Current, IReadOnlyList<PluginInfo> Unloaded);
}
