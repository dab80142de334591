namespace Kairos.Host.Cli;

/// <summary>The CLI's view of a store: the running host's control API, or the store file when no host holds it. Answers are JSON.</summary>
internal interface IOperationsClient : IDisposable
{
    Task<string> JobsAsync(CancellationToken cancellationToken);

    Task<string> HistoryAsync(HistoryRequest request, CancellationToken cancellationToken);

    /// <summary>One run with its log.</summary>
    Task<string> RunAsync(string runId, CancellationToken cancellationToken);

    Task<string> InfoAsync(CancellationToken cancellationToken);

    /// <summary>Run figures of one job (all when null) over the last <paramref name="since"/> (a duration; a day when null).</summary>
    Task<string> StatsAsync(string? jobId, string? since, CancellationToken cancellationToken);

    /// <summary>Queues a run now with optional JSON data.</summary>
    Task<string> TriggerAsync(string jobId, string? dataJson, CancellationToken cancellationToken);

    /// <summary>Pauses a job; <paramref name="until"/> is an ISO-8601 instant or a duration from now, or null.</summary>
    Task<string> PauseAsync(string jobId, string? reason, string? until, CancellationToken cancellationToken);

    Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Removes an orphaned job; <paramref name="history"/> is <c>keep</c> or <c>delete</c>.</summary>
    Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken);

    /// <summary>Asks a running run to stop (it ends <c>cancelled</c> naming the CLI's actor).</summary>
    Task<string> CancelAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Runs a failed, timed-out or interrupted run again as the next attempt of its fire; answers the queued run.</summary>
    Task<string> RetryAsync(string runId, CancellationToken cancellationToken);

    /// <summary>Switches a job off until enabled, with an optional reason.</summary>
    Task<string> DisableAsync(string jobId, string? reason, CancellationToken cancellationToken);

    /// <summary>Switches back on a job an operator disabled.</summary>
    Task<string> EnableAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>The newest entries of the audit trail, of one job or all, as one JSON list.</summary>
    Task<string> AuditAsync(string? jobId, int limit, CancellationToken cancellationToken);

    /// <summary>Why the job did or did not fire around <paramref name="at"/> (ISO-8601; now when null), of one trigger when <paramref name="trigger"/> is given.</summary>
    Task<string> ExplainAsync(string jobId, string? at, string? trigger, CancellationToken cancellationToken);
    /// <summary>Queues a run for every instant of a trigger in a range with no run record yet (or lists them, dry); answers a <c>BackfillView</c>.</summary>
    Task<string> BackfillAsync(BackfillRequest request, CancellationToken cancellationToken);

    /// <summary>The run-once ledger's keys, each with its job, its last run and that run's state, as one JSON list.</summary>
    Task<string> RunOnceListAsync(CancellationToken cancellationToken);

    /// <summary>Queues a run-once job's run once more; answers the queued run.</summary>
    Task<string> RunOnceRerunAsync(string key, CancellationToken cancellationToken);
}

/// <summary>What <c>kairos backfill</c> asks for: a job, ISO-8601 instants, a trigger key, the parallelism and whether only to list.</summary>
internal sealed record BackfillRequest(string JobId, string From, string To, string? TriggerKey, int MaxParallel, bool DryRun);

/// <summary>What <c>kairos history</c> asks for: a job, a status word, a trigger key, ISO-8601 instants, and how many runs.</summary>
internal sealed record HistoryRequest(string? JobId, string? Status, int Limit, string? TriggerKey = null, string? From = null, string? To = null);
