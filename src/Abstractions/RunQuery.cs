namespace Kairos;

/// <summary>Which runs <see cref="IScheduler.GetRunsAsync"/> returns: every filter that is set must match.</summary>
public sealed class RunQuery
{
    /// <summary>Only runs of this job, or <see langword="null"/> for every job.</summary>
    public string? JobId { get; init; }

    /// <summary>Only runs with this status, or <see langword="null"/>.</summary>
    public RunStatus? Status { get; init; }

    /// <summary>Only runs fired by this trigger key, or <see langword="null"/>.</summary>
    public string? TriggerKey { get; init; }

    /// <summary>Only runs scheduled at or after this instant, or <see langword="null"/>.</summary>
    public DateTimeOffset? FromUtc { get; init; }

    /// <summary>Only runs scheduled before this instant, or <see langword="null"/>.</summary>
    public DateTimeOffset? ToUtc { get; init; }

    /// <summary>The most runs in one page, from 1 to 1000. Default: 50.</summary>
    public int Limit { get; init; } = 50;

    /// <summary>The <see cref="RunPage.NextPageToken"/> of the previous page, or <see langword="null"/> for the first page.</summary>
    public string? PageToken { get; init; }
}
