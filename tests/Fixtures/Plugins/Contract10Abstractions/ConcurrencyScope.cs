namespace Kairos;

/// <summary>What a job's <see cref="OverlapPolicy"/> counts runs by.</summary>
public enum ConcurrencyScope
{
    /// <summary>All runs of the job share one key, the job id. The default.</summary>
    Job = 0,

    /// <summary>Each trigger has its own key (job id + trigger key), so per-entity triggers do not block each other.</summary>
    Trigger = 1,
}
