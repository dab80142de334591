using Kairos.Host.Catalog;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Scheduling.Loop;

/// <summary>The catalog's runnable job ids, as the cluster store reads them (<see cref="IRunnableJobs"/>).</summary>
internal sealed class RunnableJobs : IRunnableJobs, IDisposable
{
    private readonly JobCatalog _catalog;
    private readonly SchedulerSignal _changed = new();

    public RunnableJobs(JobCatalog catalog)
    {
        _catalog = catalog;
        _catalog.Changed += OnChanged;
    }

    public IReadOnlySet<string> Current => _catalog.Current.RunnableJobIds;

    public Task NextChange() => _changed.Next();

    public void Dispose() => _catalog.Changed -= OnChanged;

    private void OnChanged(CatalogChange change) => _changed.Wake();
}
