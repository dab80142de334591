using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Scheduling.Loop;

namespace Kairos.Host.Scheduling.Reconciling;

/// <summary>
/// Follows the catalog for the scheduler: has what is already published reconciled into the store at start, then every
/// change (<see cref="CatalogReconciler"/>), waking the loop after each; and has the configuration report the settings of
/// jobs no source declares, at start and on each settings change.
/// </summary>
internal sealed class CatalogFollower(
    JobCatalog catalog,
    CatalogReconciler reconciler,
    SchedulerSignal signal,
    JobSettings? settings = null) : IDisposable
{
    private int _started;

    /// <summary>Reconciles what is already published, then follows every change.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return;
        }
        catalog.Changed += OnChanged;
        reconciler.Reconcile(catalog.Current.Handlers.Values.ToList());
        signal.Wake();
        if (settings is not null)
        {
            settings.Changed += ReportUndeclared;
            ReportUndeclared();
        }
    }

    private void ReportUndeclared() => settings?.ReportUndeclared(Declared(catalog.Current));

    /// <summary>Every job id a source declares, loaded or not (a job that does not load is still declared).</summary>
    private static HashSet<string> Declared(CatalogSnapshot snapshot) =>
        [.. snapshot.RunnableJobIds, .. snapshot.Problems.Where(p => p.JobId is not null).Select(p => p.JobId!)];

    public void Dispose()
    {
        catalog.Changed -= OnChanged;
        if (settings is not null)
        {
            settings.Changed -= ReportUndeclared;
        }
    }

    private void OnChanged(CatalogChange change)
    {
        reconciler.Reconcile(change.Published);
        signal.Wake();
    }
}
