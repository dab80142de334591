namespace Kairos.Host.Storage;

/// <summary>The store's triggers: read, added and removed at run time, and the next due instant.</summary>
internal interface ITriggerStore
{
    IReadOnlyList<StoredTrigger> GetTriggers(string? jobId = null);

    /// <summary>Adds or replaces a trigger; when its description is unchanged its next fire time is kept.</summary>
    void UpsertTrigger(StoredTrigger trigger);

    bool RemoveTrigger(string jobId, string key);

    /// <summary>The earliest next fire among triggers of unpaused jobs this host can run, or null when none.</summary>
    DateTimeOffset? GetEarliestDue(IReadOnlySet<string> runnableJobIds);
}
