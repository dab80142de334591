using Kairos.Host.Catalog;
using Kairos.Host.Diagnostics;

namespace Kairos.Host.Operations.Queries;

/// <summary>
/// Who can run a job from where the scheduler API is used: this host's catalog when a host runs here (<c>hostStart</c>
/// set), the cluster's live hosts when the CLI reads a cluster's database (<c>clusterRunnable</c>: the job ids some live
/// host can run, null when no host is alive), or nobody known (the CLI on a store no host holds).
/// </summary>
internal sealed class HostReach(JobCatalog catalog, HostStartTime? hostStart = null, Func<IReadOnlySet<string>?>? clusterRunnable = null)
{
    /// <summary>Whether a host runs here (false for the CLI on a store no host holds or on a cluster's database).</summary>
    public bool HostRunning => hostStart is not null;

    public DateTimeOffset? StartedUtc => hostStart?.Utc;

    /// <summary>The job ids some live host of the cluster can run, when the CLI reads a cluster's database; else null.</summary>
    public Func<IReadOnlySet<string>?>? ClusterRunnable => clusterRunnable;

    /// <summary>The job ids this host's catalog can run, ordered.</summary>
    public IReadOnlyList<string> RunnableHere => [.. catalog.Current.RunnableJobIds.Order(StringComparer.Ordinal)];

    /// <summary>Null when a running host can start a run of the job now; else why not, and what will start it.</summary>
    public string? WhyItWaits(string jobId)
    {
        if (clusterRunnable is { } cluster)
        {
            return cluster() switch
            {
                null => "no host of the cluster is running: the run starts when one that has the job starts ('kairos run')",
                var runnable when !runnable.Contains(jobId) => $"no running host of the cluster has job '{jobId}': the run starts when one that has it starts",
                _ => null,
            };
        }
        if (!HostRunning)
        {
            return "no host is running on this store: the run starts when one starts ('kairos run')";
        }
        return catalog.Current.RunnableJobIds.Contains(jobId)
            ? null
            : $"no loaded plugin or script declares job '{jobId}' now: the run waits until one does";
    }
}
