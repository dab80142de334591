using Kairos.Host.Catalog;
using Kairos.Host.Listeners;
using Kairos.Host.Plugins.Discovery;
using Kairos.Host.Plugins.Inspection;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;

namespace Kairos.Host.Plugins;

/// <summary>
/// What a plugin shows the rest of the host: its jobs and problems in the <see cref="JobCatalog"/>, its line on the
/// <see cref="PluginStatusBoard"/>, and its listeners in the <see cref="ListenerHub"/>. The loader decides what to show
/// and logs it; this only shows it.
/// </summary>
internal sealed class PluginPublication(JobCatalog catalog, PluginStatusBoard board, ListenerHub listeners)
{
    /// <summary>
    /// Publishes the plugin's handlers with its problems and <paramref name="extra"/>, and notes the job ids it lost to
    /// another source; returns the problems to log: its own when <paramref name="firstTime"/>, and every conflict.
    /// </summary>
    public IEnumerable<SourceProblem> Publish(LoadedPlugin plugin, SourceProblem? extra, bool firstTime)
    {
        var problems = plugin.Problems.Select(p => new SourceProblem(plugin.Source, p.JobId, p.Message)).ToList();
        if (extra is not null)
        {
            problems.Add(extra);
        }
        var reported = catalog.Publish(plugin.Source, plugin.Handlers, problems);
        var toLog = firstTime ? reported.Take(plugin.Problems.Count).Concat(reported.Skip(problems.Count)) : reported.Skip(problems.Count);
        var published = catalog.Current.Handlers;
        plugin.ConflictedJobIds = plugin.Handlers
            .Where(h => !published.TryGetValue(h.Definition.Id, out var winner) || !ReferenceEquals(winner, h))
            .Select(h => h.Definition.Id)
            .ToHashSet(StringComparer.Ordinal);
        return toLog;
    }

    /// <summary>Has the version's listeners called from now until it is retired (PluginRetirement.Unload releases them).</summary>
    public void Listen(LoadedPlugin plugin) => plugin.Listen(l => listeners.Add(plugin.Source, l));

    /// <summary>Shows <paramref name="plugin"/> loaded on the board, with the <paramref name="error"/> of a newer version that failed, if any.</summary>
    public void ShowLoaded(LoadedPlugin plugin, string? error = null) =>
        board.SetCurrent(error is null ? PluginInfo.Of(plugin, PluginState.Loaded) : PluginInfo.Of(plugin, PluginState.Loaded) with { Error = error });

    /// <summary>
    /// A plugin with no running version failed: its source publishes no job, only the <paramref name="problem"/> and
    /// each refused job's own, so that <c>jobs</c> lists them as broken rather than not at all; the board shows it failed.
    /// </summary>
    public void ShowFailed(PluginCandidate candidate, SourceProblem problem, IReadOnlyList<PluginProblem>? jobProblems, string error)
    {
        catalog.Publish(candidate.Source, [], [problem, .. (jobProblems ?? []).Select(p => new SourceProblem(candidate.Source, p.JobId, p.Message))]);
        board.SetCurrent(new PluginInfo(candidate.Name, candidate.Source,
            PluginPaths.Display(candidate.MainAssemblyPath ?? candidate.Location), PluginState.Failed, null, null, [], error));
    }

    /// <summary>The plugin is gone: its jobs leave the catalog and its line the board.</summary>
    public void Remove(string name)
    {
        catalog.Remove(PluginSource.For(name));
        board.RemoveCurrent(name);
    }
}
