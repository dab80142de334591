namespace Kairos.Host.Cli;

/// <summary>The CLI's view of a store: the running host's control API, or the store file when no host holds it. Answers are JSON.</summary>
internal interface IOperationsClient : IDisposable
{
    Task<string> JobsAsync(CancellationToken cancellationToken);

    Task<string> HistoryAsync(string? jobId, string? status, int limit, CancellationToken cancellationToken);

    Task<string> InfoAsync(CancellationToken cancellationToken);

    Task<string> TriggerAsync(string jobId, CancellationToken cancellationToken);

    Task<string> PauseAsync(string jobId, string? reason, CancellationToken cancellationToken);

    Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken);

    /// <summary>Removes an orphaned job; <paramref name="history"/> is <c>keep</c> or <c>delete</c>.</summary>
    Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken);
}
