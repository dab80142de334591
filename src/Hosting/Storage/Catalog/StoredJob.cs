namespace Kairos.Host.Storage.Catalog;

/// <summary>A job as kept in the store: its last declaration, where it came from, whether it is paused, and whether configuration disabled it.</summary>
internal sealed class StoredJob
{
    public required string Id { get; set; }
    public string Description { get; set; } = "";
    public required string Source { get; set; }
    public string? Version { get; set; }
    public JobPolicies Policies { get; set; } = JobPolicies.Default;
    public bool Paused { get; set; }
    public string? PauseReason { get; set; }

    /// <summary>Who paused it (<see cref="JobPause.By"/>); null when not paused (and for pauses written before schema 4).</summary>
    public string? PausedBy { get; set; }

    /// <summary>When the pause ends by itself (<see cref="ICatalogStore.ResumeExpired"/>); null: until resumed.</summary>
    public DateTimeOffset? PausedUntilUtc { get; set; }

    /// <summary>
    /// Why the job is switched off (configuration <c>Kairos:Jobs:ID:Enabled</c> or its start condition), set with its
    /// declaration at reconcile; null when it may run. A disabled job, like a paused one, has no fire claimed.
    /// </summary>
    public string? DisabledReason { get; set; }

    /// <summary>
    /// Who switched the job off by hand (<c>kairos disable</c>, the API's actor); null when no operator did. Kept apart
    /// from <see cref="DisabledReason"/>, which configuration sets at each reconcile, so a reconcile never clears it.
    /// </summary>
    public string? DisabledBy { get; set; }

    /// <summary>Why the operator switched it off (<see cref="DisabledBy"/>); null when no reason was given.</summary>
    public string? DisabledByOperatorReason { get; set; }

    /// <summary>No fire of the job is claimed: it is paused, or disabled by configuration or by an operator.</summary>
    public bool Held => Paused || DisabledReason is not null || DisabledBy is not null;
    public DateTimeOffset UpdatedUtc { get; set; }

    /// <summary>Writes <paramref name="pause"/> on this job (null: resumes it) at <paramref name="now"/>.</summary>
    public void SetPause(JobPause? pause, DateTimeOffset now)
    {
        Paused = pause is not null;
        PauseReason = pause?.Reason;
        PausedBy = pause?.By;
        PausedUntilUtc = pause?.UntilUtc;
        UpdatedUtc = now;
    }

    /// <summary>Writes an operator's <paramref name="disable"/> on this job (null: enables it) at <paramref name="now"/>.</summary>
    public void SetDisable(JobDisable? disable, DateTimeOffset now)
    {
        DisabledBy = disable?.By;
        DisabledByOperatorReason = disable?.Reason;
        UpdatedUtc = now;
    }
}
