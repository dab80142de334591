namespace Kairos.Host.Operations.Backfill;

/// <summary>
/// What <c>kairos backfill --json</c> prints and <c>POST /api/jobs/{id}/backfill</c> answers: the range, the trigger,
/// how many of its instants in the range there are and how many already had a run record, and the runs created (with
/// <see cref="DryRun"/>, the instants that would be, with no run id).
/// </summary>
internal sealed record BackfillView(
    string JobId,
    string TriggerKey,
    DateTimeOffset FromUtc,
    DateTimeOffset ToUtc,
    int MaxParallel,
    bool DryRun,
    int Scheduled,
    int AlreadyRecorded,
    IReadOnlyList<BackfillRunView> Runs)
{
    /// <summary>How many runs were created (none with <see cref="DryRun"/>).</summary>
    public int Created => DryRun ? 0 : Runs.Count;
}

/// <summary>One instant of a backfill: its run (null in a dry run).</summary>
internal sealed record BackfillRunView(DateTimeOffset ScheduledUtc, string? RunId);
