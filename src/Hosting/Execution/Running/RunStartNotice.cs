using System.Diagnostics;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution.Running;

/// <summary>
/// Makes a run's start visible: its span (<see cref="RunActivity"/>, current from then on in the caller's flow, so the
/// job's code runs under it), the debug line (event 500, under the executor's category) and the listeners' event.
/// </summary>
internal sealed partial class RunStartNotice(RunActivity spans, EngineEvents events, ILogger<RunExecutor> logger)
{
    /// <summary>Tells of <paramref name="run"/>'s start with <paramref name="version"/>; its span, null when nobody listens.</summary>
    public Activity? Announce(RunRecord run, string version)
    {
        var activity = spans.Start(run, version);
        LogStarted(logger, run.JobId, run.Id, run.Attempt, version);
        events.RunStarted(run);
        return activity;
    }

    [LoggerMessage(EventId = 500, Level = LogLevel.Debug, Message = "Run {RunId} of {JobId} started (attempt {Attempt}, version {Version})")]
    private static partial void LogStarted(ILogger logger, string jobId, string runId, int attempt, string version);
}
