using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Chaining;

/// <summary>
/// The <c>chains</c> section of <c>kairos info</c> (every chain link of the jobs loaded here), and a problem for each
/// link whose target no source here declares and the store does not know (listed under the job in <c>jobs</c>; it
/// leaves the job's state alone: the target may be deployed later, and its runs are then queued).
/// </summary>
internal sealed class ChainInfoContributor(JobCatalog catalog, ICatalogStore jobs) : IInfoContributor
{
    public string Section => "chains";

    public object Snapshot() => Links().Select(l => new ChainLinkInfo(l.From, l.On, l.To)).ToList();

    public IReadOnlyList<SourceProblem> Problems()
    {
        var links = Links();
        var loaded = catalog.Current.Handlers;
        var missing = links.Where(l => !loaded.ContainsKey(l.To)).ToList();
        if (missing.Count == 0)
        {
            return [];
        }
        var stored = jobs.GetJobs().Select(j => j.Id).ToHashSet(StringComparer.Ordinal);
        return [.. missing.Where(l => !stored.Contains(l.To)).Select(l => new SourceProblem(l.Source, l.From,
            $"{l.On} chains to job '{l.To}', which no source declares: no run of it is queued until one does"))];
    }

    private List<(string Source, string From, string On, string To)> Links() =>
    [
        .. catalog.Current.Handlers.Values.OrderBy(h => h.Definition.Id, StringComparer.Ordinal).SelectMany(h =>
            ChainTargets.Split(h.Definition.Policies.OnSuccess).Select(to => (h.Source, h.Definition.Id, "on-success", to))
                .Concat(ChainTargets.Split(h.Definition.Policies.OnFailure).Select(to => (h.Source, h.Definition.Id, "on-failure", to)))),
    ];

    /// <summary>One link: runs of <paramref name="From"/> that end as <paramref name="On"/> says queue a run of <paramref name="To"/>.</summary>
    internal sealed record ChainLinkInfo(string From, string On, string To);
}
