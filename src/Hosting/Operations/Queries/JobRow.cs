using Kairos.Host.Catalog;
using Kairos.Host.Catalog.Settings;
using Kairos.Host.Storage.Catalog;

namespace Kairos.Host.Operations.Queries;

/// <summary>
/// One job as the scheduler sees it now, before it is shaped for the API (<see cref="JobInfo"/>) or the CLI
/// (<see cref="Views.JobView"/>): its stored document (null for a job a source declares but could never store), where it comes
/// from, its state and why, its triggers by key, the one that fires next, its problems, and this host's handler of it
/// (null when no loaded source declares it here), which knows what configuration overrode.
/// </summary>
internal sealed record JobRow(
    string Id,
    StoredJob? Stored,
    string Source,
    string? Version,
    JobState State,
    string? StateReason,
    IReadOnlyList<StoredTrigger> Triggers,
    StoredTrigger? Next,
    IReadOnlyList<string> Problems,
    JobHandler? Handler = null)
{
    /// <summary>
    /// What configuration changed in <paramref name="trigger"/>, a trigger of this job, as this host's handler knows it:
    /// null when the trigger is as declared, dynamic, or no handler here declares the job (the declared trigger is kept in
    /// the host, not in the store).
    /// </summary>
    public TriggerOverridden? OverrideOf(StoredTrigger trigger) =>
        trigger.Origin == TriggerOrigin.Declared && Handler is not null && Handler.Effective.Triggers.TryGetValue(trigger.Spec.Key, out var o)
            ? o
            : null;
}
