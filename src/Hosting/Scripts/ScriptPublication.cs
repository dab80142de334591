using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Folder;

namespace Kairos.Host.Scripts;

/// <summary>
/// What a script shows the rest of the host: its job or its problem in the <see cref="JobCatalog"/>, its line and the
/// reload counter on the <see cref="ScriptStatusBoard"/>, and its loads in the <see cref="SourceLoadReport"/>. The loader
/// (<see cref="ScriptFolderLoader"/>) decides what to show and logs it; this only shows it.
/// </summary>
internal sealed class ScriptPublication(JobCatalog catalog, ScriptStatusBoard board, SourceLoadReport report)
{
    /// <summary>The kind of source scripts are, as the load report names it.</summary>
    public const string Kind = "script";

    /// <summary>Publishes <paramref name="handler"/> as the one job of <paramref name="source"/>; returns the catalog's problems.</summary>
    public IReadOnlyList<SourceProblem> Publish(string source, ScriptJobHandler handler) => catalog.Publish(source, [handler], []);

    /// <summary>True when <paramref name="handler"/> is the one the catalog runs for its job id (no other source holds it).</summary>
    public bool Holds(ScriptJobHandler handler) =>
        catalog.TryGetHandler(handler.Definition.Id, out var current) && ReferenceEquals(current, handler);

    /// <summary>Publishes what runs of <paramref name="source"/> (<paramref name="current"/>, or nothing) with <paramref name="problem"/>, if any.</summary>
    public void Keep(string source, ScriptJobHandler? current, SourceProblem? problem = null) =>
        catalog.Publish(source, current is null ? [] : [current], problem is null ? [] : [problem]);

    /// <summary>A version was published, replacing another or not.</summary>
    public void Loaded(bool replaces) => report.Loaded(Kind, replaces);

    /// <summary>A version replaced a running one <paramref name="after"/> the scan began.</summary>
    public void Reloaded(TimeSpan after) => board.Counters.Reloaded(after);

    /// <summary>A version failed (its header or its compilation): <paramref name="problem"/> is told to the load report.</summary>
    public void Failed(string source, string? jobId, string problem) => report.Failed(Kind, source, jobId, problem);

    /// <summary>A version was refused (an unsafe path): <paramref name="problem"/> is told to the load report.</summary>
    public void Refused(string source, string? jobId, string problem) => report.Refused(source, jobId, problem);

    /// <summary>Takes the jobs of <paramref name="source"/> out of the catalog.</summary>
    public void Remove(string source) => catalog.Remove(source);

    /// <summary>True when no source holds <paramref name="jobId"/>.</summary>
    public bool IsFree(string jobId) => !catalog.Current.Handlers.ContainsKey(jobId);

    /// <summary>The status board's script lines after a scan.</summary>
    public void Scanned(IReadOnlyList<ScriptStatus> scripts) => board.UpdateScripts(scripts);
}
