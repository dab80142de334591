namespace Kairos.Host.Operations.Control;

/// <summary>
/// What <c>kairos remove --json</c> prints: the job removed, whether its history was <c>keep</c> or <c>delete</c>, and
/// what was deleted with it (its triggers, its runs that had not ended, and with <c>delete</c> its ended runs).
/// </summary>
internal sealed record RemovalView(string JobId, string History, int TriggersRemoved, int OpenRunsRemoved, int HistoryRemoved)
{
    /// <summary>The job's ended runs stay: <c>kairos history JOB</c> still shows them (the default).</summary>
    public const string Keep = "keep";

    /// <summary>The job's ended runs are deleted with it.</summary>
    public const string Delete = "delete";
}
