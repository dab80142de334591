using System.Collections.Concurrent;
using System.Diagnostics;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Telemetry;

/// <summary>
/// The span of a run: one activity per run (per attempt), named <c>run JOBID</c> (job ids are few), from the
/// <see cref="KairosTelemetry.ActivitySourceName"/> source. Its parent is the trace context of the request that
/// triggered the run (<see cref="RunRecord.TraceParent"/>), else none: a cron fire is a root span. The job's own code
/// runs under it, so what it traces (an HTTP call, a query) are its children. Nothing is made without a listener.
/// </summary>
internal sealed class RunActivity : IDisposable
{
    private readonly ActivitySource _source = new(KairosTelemetry.ActivitySourceName, typeof(RunActivity).Assembly.GetName().Version?.ToString());
    private readonly ConcurrentDictionary<string, string> _names = new(StringComparer.Ordinal);
    private readonly string _node;

    public RunActivity(IOptions<KairosOptions> options)
    {
        _node = options.Value.EffectiveNodeId;
    }

    /// <summary>The source (named <see cref="KairosTelemetry.ActivitySourceName"/>).</summary>
    public ActivitySource Source => _source;

    /// <summary>
    /// Starts the span of <paramref name="run"/> (its started record, running <paramref name="version"/>) and makes it
    /// current for the caller's flow; null when nobody listens. Whatever activity was current is not its parent: a run
    /// started by another run's return must not become its child.
    /// </summary>
    public Activity? Start(RunRecord run, string version)
    {
        if (!_source.HasListeners())
        {
            return null;
        }
        Activity.Current = null;
        var parent = TraceContext.TryParse(run.TraceParent, run.TraceState, out var context) ? context : default;
        var activity = _source.StartActivity(_names.GetOrAdd(run.JobId, static id => "run " + id), ActivityKind.Internal, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag(TelemetryTags.JobId, run.JobId);
            activity.SetTag(TelemetryTags.TriggerKey, run.TriggerKey);
            activity.SetTag(TelemetryTags.RunId, run.Id);
            activity.SetTag(TelemetryTags.Attempt, run.Attempt);
            activity.SetTag(TelemetryTags.Version, version);
            activity.SetTag(TelemetryTags.Node, run.Node ?? _node);
        }
        return activity;
    }

    /// <summary>
    /// Puts the outcome on a run's span: its status word, the exception as an event, and status Error unless it
    /// succeeded (the record's message as the description). The caller stops the span.
    /// </summary>
    public static void Ended(Activity? activity, RunRecord ended, Exception? error)
    {
        if (activity is not { IsAllDataRequested: true })
        {
            return;
        }
        activity.SetTag(TelemetryTags.RunStatus, ended.Status.Word());
        if (error is not null)
        {
            activity.AddException(error);
        }
        if (ended.Status != RunStatus.Succeeded)
        {
            activity.SetStatus(ActivityStatusCode.Error, ended.ErrorMessage);
        }
    }

    public void Dispose() => _source.Dispose();
}
