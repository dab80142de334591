using System.Diagnostics;

namespace Kairos.Host.Telemetry;

/// <summary>
/// The caller's W3C trace context (<c>traceparent</c>, <c>tracestate</c>), kept with a run it queues so that the run's
/// span has the caller's span as its parent, in whichever process and however much later it runs.
/// </summary>
internal static class TraceContext
{
    /// <summary>The W3C <c>traceparent</c> and <c>tracestate</c> of <see cref="Activity.Current"/>; nulls when there is none (or it is not W3C).</summary>
    public static (string? TraceParent, string? TraceState) Current()
    {
        if (Activity.Current is not { IdFormat: ActivityIdFormat.W3C } current)
        {
            return (null, null);
        }
        return (current.Id, current.TraceStateString);
    }

    /// <summary>
    /// The context a request carried in its <c>traceparent</c> and <c>tracestate</c> headers, for a caller that has no
    /// <see cref="Activity.Current"/> of its own (an HTTP request nobody traces in this process): kept only when
    /// well-formed, else none.
    /// </summary>
    public static (string? TraceParent, string? TraceState) FromHeaders(string? traceParent, string? traceState) =>
        TryParse(traceParent, traceState, out _) ? (traceParent, string.IsNullOrEmpty(traceState) ? null : traceState) : (null, null);

    /// <summary>Reads a stored <c>traceparent</c> (and <c>tracestate</c>) as a remote parent; false when there is none or it is malformed.</summary>
    public static bool TryParse(string? traceParent, string? traceState, out ActivityContext context)
    {
        if (traceParent is null)
        {
            context = default;
            return false;
        }
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out context);
    }
}
