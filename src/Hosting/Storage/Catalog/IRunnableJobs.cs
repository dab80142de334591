namespace Kairos.Host.Storage.Catalog;

/// <summary>
/// The job ids this host can run, as the cluster store needs them: each heartbeat publishes them, at once when they
/// change, and the <c>nodes</c> info section shows them. The catalog implements it.
/// </summary>
internal interface IRunnableJobs
{
    /// <summary>The job ids this host can run now.</summary>
    IReadOnlySet<string> Current { get; }

    /// <summary>A task that completes at the next change of <see cref="Current"/> after this call.</summary>
    Task NextChange();
}
