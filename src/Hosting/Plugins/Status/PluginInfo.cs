using Kairos.Host.Plugins.Loading;

namespace Kairos.Host.Plugins.Status;

/// <summary>Where a plugin version is in its life.</summary>
internal enum PluginState
{
    /// <summary>Loaded; its jobs are in the catalog.</summary>
    Loaded,

    /// <summary>Never loaded: the plugin in the folder is broken (<see cref="PluginInfo.Error"/> says why).</summary>
    Failed,

    /// <summary>Replaced or removed; its runs are draining and its context is being unloaded.</summary>
    Unloading,

    /// <summary>Unloaded; <see cref="PluginInfo.Collected"/> says whether its context was collected.</summary>
    Unloaded,
}

/// <summary>
/// What <c>info --json</c> shows about a plugin version. Plain strings and numbers only: nothing here may reference a
/// plugin's types, or the board would keep its context alive.
/// </summary>
/// <param name="Name">The plugin's name (folder or file name).</param>
/// <param name="Source">The catalog source, <c>plugin:NAME</c>.</param>
/// <param name="Path">The main assembly (or folder) as deployed.</param>
/// <param name="State">Loaded, failed, unloading or unloaded.</param>
/// <param name="Version">Informational version and content hash; null for a plugin that never loaded.</param>
/// <param name="LoadedAtUtc">When this version was loaded.</param>
/// <param name="JobIds">The job ids this version provides.</param>
/// <param name="Error">
/// Why the last load of this plugin failed (for a loaded version: a newer version failed and this one kept running),
/// or what is wrong with single jobs of it.
/// </param>
/// <param name="UnloadedAtUtc">When this version was unloaded.</param>
/// <param name="Collected">For an unloaded version: whether its context was collected; null while that is not known yet.</param>
internal sealed record PluginInfo(
    string Name,
    string Source,
    string Path,
    PluginState State,
    string? Version,
    DateTimeOffset? LoadedAtUtc,
    IReadOnlyList<string> JobIds,
    string? Error,
    DateTimeOffset? UnloadedAtUtc = null,
    bool? Collected = null)
{
    public int JobCount => JobIds.Count;

    /// <summary>What is shown of a loaded version (its job ids are kept apart from its handlers, so this works after its release).</summary>
    public static PluginInfo Of(LoadedPlugin plugin, PluginState state, bool? collected = null, DateTimeOffset? unloadedAt = null) =>
        new(plugin.Name, plugin.Source, plugin.DisplayPath, state, plugin.Version, plugin.LoadedAtUtc, plugin.JobIds,
            plugin.Problems.Count > 0 ? string.Join("; ", plugin.Problems.Select(p => p.Message)) : null,
            unloadedAt, collected);
}
