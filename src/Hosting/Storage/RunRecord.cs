namespace Kairos.Host.Storage;

/// <summary>One fire of one trigger (or one attempt of it): the unit of run history.</summary>
internal sealed class RunRecord
{
    public required string Id { get; set; }
    public required string JobId { get; set; }
    public required string TriggerKey { get; set; }
    public required string ConcurrencyKey { get; set; }
    public required DateTimeOffset ScheduledUtc { get; set; }
    /// <summary>A pending run does not start before this instant (retry backoff). Equal to <see cref="ScheduledUtc"/> otherwise.</summary>
    public required DateTimeOffset NotBeforeUtc { get; set; }
    public DateTimeOffset? StartedUtc { get; set; }
    public DateTimeOffset? EndedUtc { get; set; }
    public required RunStatus Status { get; set; }
    public int Attempt { get; set; } = 1;
    public int Priority { get; set; }
    public string? Node { get; set; }
    public string? Version { get; set; }
    public string? DataJson { get; set; }
    public string? ErrorType { get; set; }
    public string? ErrorMessage { get; set; }
    public string? ErrorStack { get; set; }
    public List<string> Log { get; set; } = [];
    /// <summary>The run is considered alive on its node until this instant; renewed while it runs.</summary>
    public DateTimeOffset? LeaseExpiresUtc { get; set; }
    /// <summary>Grows on every claim of this record; a node may write an outcome only with the token it claimed.</summary>
    public long Fence { get; set; }
    /// <summary>
    /// When another node asked the run's owner to stop it (a newer fire of its concurrency key replaces it under overlap
    /// policy Replace); null when nobody did. The owner polls for it on its housekeeping tick.
    /// </summary>
    public DateTimeOffset? CancelRequestedUtc { get; set; }
    /// <summary>
    /// How many times a host died while this fire was in flight (running, or pending when its start may not have been
    /// written yet), counted over its attempts since the last one that ended by itself. A run with a count is started
    /// only once its start is written, so a host death during it is seen; at the limit it is not re-run (crash loop).
    /// </summary>
    public int HostDeaths { get; set; }

    /// <summary>A copy that later changes of this record do not reach (a start written behind the running job).</summary>
    public RunRecord Snapshot()
    {
        var copy = (RunRecord)MemberwiseClone();
        copy.Log = [.. Log];
        return copy;
    }

    public TimeSpan? Duration => StartedUtc is { } s && EndedUtc is { } e ? e - s : null;
}
