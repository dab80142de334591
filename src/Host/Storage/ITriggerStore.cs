namespace Kairos.Host.Storage;

/// <summary>The store's triggers: read, added and removed at run time, and the next due instant.</summary>
internal interface ITriggerStore
{
    IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null);

    /// <summary>
    /// Adds or replaces triggers in one atomic write; a trigger whose schedule is unchanged keeps its next fire time.
    /// Ids must be distinct.
    /// </summary>
    void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers);

    /// <summary>Adds or replaces one trigger (<see cref="UpsertTriggers"/>).</summary>
    void UpsertTrigger(StoredTrigger trigger);

    bool RemoveTrigger(string jobId, string key);

    /// <summary>The earliest next fire among triggers of unpaused jobs this host can run, or null when none.</summary>
    DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds);
}
