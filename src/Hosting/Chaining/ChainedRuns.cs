using System.Globalization;
using System.Text;
using System.Text.Json;
using Kairos.Host.Catalog;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;

namespace Kairos.Host.Chaining;

/// <summary>
/// The runs a finished run chains to: which chain its outcome follows (<see cref="Targets"/>), and the pending run of a
/// target (<see cref="Queue"/>) with the data derived from the finished run.
/// </summary>
internal static class ChainedRuns
{
    /// <summary>The trigger key of a chained run.</summary>
    public const string TriggerKey = "chain";

    /// <summary>
    /// The jobs <paramref name="ended"/> chains to under <paramref name="policies"/>: the success chain when it succeeded,
    /// the failure chain when it failed after its last attempt or timed out; none otherwise (retrying, cancelled,
    /// interrupted, skipped: the fire is not finished, or nobody let it finish).
    /// </summary>
    public static IReadOnlyList<string> Targets(RunRecord ended, JobPolicies policies) => ended.Status switch
    {
        RunStatus.Succeeded => ChainTargets.Split(policies.OnSuccess),
        RunStatus.Failed or RunStatus.TimedOut => ChainTargets.Split(policies.OnFailure),
        _ => [],
    };

    /// <summary>
    /// A pending run of <paramref name="targetJobId"/> (under its <paramref name="targetPolicies"/>) queued at
    /// <paramref name="now"/> by <paramref name="ended"/>; <paramref name="traceParent"/>: the finished run's span, the
    /// new run's parent.
    /// </summary>
    public static RunRecord Queue(RunRecord ended, string targetJobId, JobPolicies targetPolicies, DateTimeOffset now, string? traceParent) =>
        RunRecord.QueuedNow(targetJobId, TriggerKey, targetPolicies, now, RunOrigin.Chain) with
        {
            Priority = ended.Priority, DataJson = Data(ended), TraceParent = traceParent,
        };

    /// <summary>
    /// The chained run's data: <c>{"parentRunId", "parentJobId", "status", "scheduledUtc", "data", "error"}</c>, with the
    /// status as its word, the parent's data as the JSON it was (null when none) and its error message (null when none).
    /// </summary>
    public static string Data(RunRecord ended)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream))
        {
            json.WriteStartObject();
            json.WriteString("parentRunId", ended.Id);
            json.WriteString("parentJobId", ended.JobId);
            json.WriteString("status", ended.Status.Word());
            json.WriteString("scheduledUtc", ended.ScheduledUtc.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
            json.WritePropertyName("data");
            if (ended.DataJson is { } data)
            {
                json.WriteRawValue(data);
            }
            else
            {
                json.WriteNullValue();
            }
            json.WriteString("error", ended.ErrorMessage);
            json.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
