using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution;

/// <summary>The run records the engine makes from other runs: a failed attempt's retry, an interrupted run's re-run.</summary>
internal static class RunRecords
{
    /// <summary>The next attempt of <paramref name="run"/>'s fire: pending, not before <paramref name="notBefore"/>.</summary>
    public static RunRecord NextAttempt(RunRecord run, DateTimeOffset notBefore) => new()
    {
        Id = RunIds.New(notBefore),
        JobId = run.JobId,
        TriggerKey = run.TriggerKey,
        ConcurrencyKey = run.ConcurrencyKey,
        ScheduledUtc = run.ScheduledUtc,
        NotBeforeUtc = notBefore,
        Status = RunStatus.Pending,
        Attempt = run.Attempt + 1,
        Priority = run.Priority,
        DataJson = run.DataJson,
        TraceParent = run.TraceParent,
        TraceState = run.TraceState,
        Origin = run.Origin,
        MaxParallel = run.MaxParallel,
    };
}
