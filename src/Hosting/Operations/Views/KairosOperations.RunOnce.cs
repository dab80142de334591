using Kairos.Host.Operations.Control;

namespace Kairos.Host.Operations.Views;

/// <summary>Run-once jobs (#16) as the CLI, the HTTP API and the dashboard give them.</summary>
internal sealed partial class KairosOperations
{
    /// <inheritdoc cref="KairosScheduler.RunOnceEntries"/>
    public IReadOnlyList<RunOnceView> RunOnce() => scheduler.RunOnceEntries();

    /// <inheritdoc cref="KairosScheduler.RerunOnce"/>
    public TriggerResult RerunOnce(string key) => scheduler.RerunOnce(key);

    /// <summary>The ledger's entry of each job (the newest when a job ran under several keys), for <see cref="JobView.RunOnce"/>.</summary>
    private Dictionary<string, RunOnceView> RunOnceByJob()
    {
        try
        {
            return scheduler.RunOnceEntries().GroupBy(e => e.JobId, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.MaxBy(e => e.QueuedUtc)!, StringComparer.Ordinal);
        }
        catch (OperationException)
        {
            return [];
        }
    }
}
