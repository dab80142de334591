using System.Text.Json;
using Kairos.Host.Text;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>
/// The JSON document a webhook POSTs for one event: <c>event</c>, <c>jobId</c>, <c>runId</c>, <c>status</c> (kebab case),
/// <c>node</c> and <c>occurredUtc</c> always (null when the event has none), then the event's other fields.
/// </summary>
internal static class WebhookPayload
{
    public static byte[] Of(SchedulerEvent e)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("event", e.Name);
            json.WriteString("jobId", e.JobId);
            json.WriteString("runId", e switch
            {
                RunStartedEvent s => s.RunId,
                RunEndedEvent r => r.RunId,
                FireNotRunEvent f => f.RunId,
                _ => null,
            });
            RunStatus? status = e switch
            {
                RunStartedEvent => RunStatus.Running,
                RunEndedEvent r => r.Status,
                FireNotRunEvent f => f.Status,
                _ => null,
            };
            json.WriteString("status", status?.Word());
            json.WriteString("node", e.Node);
            json.WriteString("occurredUtc", e.OccurredUtc);
            switch (e)
            {
                case RunStartedEvent s:
                    json.WriteString("triggerKey", s.TriggerKey);
                    json.WriteNumber("attempt", s.Attempt);
                    json.WriteString("scheduledUtc", s.ScheduledUtc);
                    json.WriteString("startedUtc", s.StartedUtc);
                    json.WriteString("version", s.Version);
                    break;
                case RunEndedEvent r:
                    json.WriteString("triggerKey", r.TriggerKey);
                    json.WriteNumber("attempt", r.Attempt);
                    json.WriteString("scheduledUtc", r.ScheduledUtc);
                    Instant(json, "startedUtc", r.StartedUtc);
                    json.WriteString("endedUtc", r.EndedUtc);
                    if (r.Duration is { } duration)
                    {
                        json.WriteNumber("durationMs", duration.TotalMilliseconds);
                    }
                    else
                    {
                        json.WriteNull("durationMs");
                    }
                    json.WriteString("version", r.Version);
                    json.WriteString("errorType", r.ErrorType);
                    json.WriteString("errorMessage", r.ErrorMessage);
                    json.WriteString("errorStackTrace", r.ErrorStackTrace);
                    break;
                case FireNotRunEvent f:
                    json.WriteString("triggerKey", f.TriggerKey);
                    json.WriteString("scheduledUtc", f.ScheduledUtc);
                    json.WriteString("reason", f.Reason);
                    break;
                case JobFaultedEvent j:
                    json.WriteString("source", j.Source);
                    json.WriteString("message", j.Message);
                    break;
                case JobPausedEvent p:
                    json.WriteString("by", p.By);
                    json.WriteString("reason", p.Reason);
                    Instant(json, "untilUtc", p.UntilUtc);
                    break;
                case JobResumedEvent r:
                    json.WriteString("by", r.By);
                    break;
                default:
                    break;
            }
            json.WriteEndObject();
        }
        return buffer.ToArray();
    }

    private static void Instant(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, instant);
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
