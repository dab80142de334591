using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Storage.History;

/// <summary>
/// Which runs <see cref="IRunHistory.QueryPage"/> reads: every filter that is set must match. <see cref="FromUtc"/> and
/// <see cref="ToUtc"/> bound the scheduled instant (from inclusive, to exclusive).
/// </summary>
internal sealed record RunFilter(
    string? JobId = null,
    RunStatus? Status = null,
    string? TriggerKey = null,
    DateTimeOffset? FromUtc = null,
    DateTimeOffset? ToUtc = null)
{
    /// <summary>True when <paramref name="run"/> passes every filter (the stores that filter in memory use it).</summary>
    public bool Matches(RunRecord run) =>
        (JobId is null || run.JobId == JobId)
        && (Status is null || run.Status == Status)
        && (TriggerKey is null || run.TriggerKey == TriggerKey)
        && (FromUtc is null || run.ScheduledUtc >= FromUtc)
        && (ToUtc is null || run.ScheduledUtc < ToUtc);
}
