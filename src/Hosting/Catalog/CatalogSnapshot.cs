using System.Collections.Frozen;

namespace Kairos.Host.Catalog;

/// <summary>An immutable view of the catalog: which job ids this host can run now, and with which handler.</summary>
internal sealed class CatalogSnapshot
{
    public static CatalogSnapshot Empty { get; } = new(FrozenDictionary<string, JobHandler>.Empty, []);

    public CatalogSnapshot(FrozenDictionary<string, JobHandler> handlers, IReadOnlyList<SourceProblem> problems)
    {
        Handlers = handlers;
        Problems = problems;
        RunnableJobIds = handlers.Keys.ToFrozenSet(StringComparer.Ordinal);
    }

    public FrozenDictionary<string, JobHandler> Handlers { get; }

    public FrozenSet<string> RunnableJobIds { get; }

    public IReadOnlyList<SourceProblem> Problems { get; }
}
