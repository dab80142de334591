namespace Kairos.Host.Operations.Control;

/// <summary>
/// One key of the run-once ledger as <c>kairos run-once list --json</c> prints it and <c>GET /api/run-once</c> answers:
/// the job, the run it queued last, when and by whom, and <see cref="State"/>, read from that run's attempts:
/// <c>queued</c> (pending, running or retrying), <c>succeeded</c>, <c>failed</c> (its last attempt ended otherwise:
/// failed, timed out, interrupted, cancelled, skipped), or <c>unknown</c> (retention removed its records).
/// </summary>
internal sealed record RunOnceView(string Key, string JobId, string RunId, string State, DateTimeOffset QueuedUtc, string QueuedBy)
{
    public const string Queued = "queued";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    public const string Unknown = "unknown";

    /// <summary>The run's last attempt: its id (a retry's differs from <see cref="RunId"/>), number and end; null when none is recorded.</summary>
    public string? LastRunId { get; init; }

    public int? Attempt { get; init; }

    public DateTimeOffset? EndedUtc { get; init; }
}
