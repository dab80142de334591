using Kairos.Host.Storage;

namespace Kairos.Host.Operations;

/// <summary>
/// One job as the scheduler sees it now, before it is shaped for the API (<see cref="JobInfo"/>) or the CLI
/// (<see cref="JobView"/>): its stored document (null for a job a source declares but could never store), where it comes
/// from, its state and why, its triggers by key, the one that fires next, and its problems.
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
    IReadOnlyList<string> Problems);
