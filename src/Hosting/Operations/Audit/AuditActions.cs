namespace Kairos.Host.Operations.Audit;

/// <summary>The action words of the audit trail (<see cref="AuditView.Action"/>), one per operator action of the scheduler API.</summary>
internal static class AuditActions
{
    public const string Trigger = "trigger";
    public const string ScheduleOnce = "schedule-once";
    public const string UpsertTriggers = "upsert-triggers";
    public const string RemoveTriggers = "remove-triggers";
    public const string Pause = "pause";
    public const string Resume = "resume";
    public const string Cancel = "cancel";
    public const string Retry = "retry";
    public const string Disable = "disable";
    public const string Enable = "enable";
    public const string Remove = "remove";
    public const string Backfill = "backfill";
    public const string RunOnceRerun = "run-once-rerun";
}
