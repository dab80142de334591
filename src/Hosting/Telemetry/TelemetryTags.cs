namespace Kairos.Host.Telemetry;

/// <summary>
/// The attribute names Kairos puts on its metrics and spans. Metrics carry only the bounded ones (job id, status, source
/// kind); run ids, trigger keys (a manual or one-time trigger's key is new each time), attempts and versions go on spans only.
/// </summary>
internal static class TelemetryTags
{
    public const string JobId = "kairos.job.id";
    public const string RunStatus = "kairos.run.status";
    public const string RunId = "kairos.run.id";
    public const string Attempt = "kairos.run.attempt";
    public const string TriggerKey = "kairos.trigger.key";
    public const string Version = "kairos.job.version";
    public const string Node = "kairos.node.id";
    public const string SourceKind = "kairos.source.kind";
    public const string SchedulerPart = "kairos.scheduler.part";
}
