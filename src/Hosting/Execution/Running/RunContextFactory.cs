using System.Collections.Concurrent;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution.Running;

/// <summary>Builds the <see cref="RunContext"/> of a run: its capturing logger, its clock, its job's triggers and the scheduler.</summary>
internal sealed class RunContextFactory(IJobTriggersFactory triggers, TimeProvider time, ILoggerFactory loggerFactory, IJobSchedulerFactory? schedulers = null)
{
    private readonly ConcurrentDictionary<string, ILogger> _jobLoggers = new(StringComparer.Ordinal);

    public RunContext Create(RunRecord run) =>
        new(run, run.StartedUtc ?? time.GetUtcNow(), new CapturingLogger(JobLogger(run.JobId), time), time, triggers.For(run.JobId), schedulers);

    /// <summary>The job's logger, created once per job id (the factory takes a lock on every creation).</summary>
    private ILogger JobLogger(string jobId) =>
        _jobLoggers.GetOrAdd(jobId, static (id, factory) => factory.CreateLogger("Kairos.Job." + id), loggerFactory);
}
