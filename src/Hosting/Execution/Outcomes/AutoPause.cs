using System.Collections.Concurrent;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Outcomes;

/// <summary>
/// Pauses a job after <see cref="JobPolicies.PauseAfterFailures"/> consecutive runs ended <c>failed</c> or <c>timed-out</c>
/// (a retried run counts once, when its last attempt ends; a success resets the count; cancelled, interrupted and skipped
/// runs leave it as it is), with <see cref="JobPause.By"/> <c>auto-pause</c> and a reason that quotes the count and the last
/// run, and tells the listeners (<see cref="JobPausedEvent"/>). The count then restarts, so after <c>kairos resume</c> the
/// job is paused again only after as many new failures.
/// </summary>
/// <remarks>
/// Counted in memory per job, off the store: a job's count is read once from its newest runs in history (those that
/// ended since the job was last paused, resumed or changed), when its first run ends on this host; a run read there is not counted again when its own outcome is observed after it
/// (two runs that end together). In a cluster, each
/// host counts the runs it ran itself: a job is paused when one host has seen that many of its own runs fail in a row, and
/// a success on another host does not reset that host's count.
/// </remarks>
internal sealed partial class AutoPause(
    ICatalogStore jobs,
    IRunHistory history,
    IEventSink events,
    TimeProvider time,
    IOptions<KairosOptions> options,
    ILogger<AutoPause> logger)
{
    /// <summary>Who pauses (<see cref="JobPause.By"/>, <see cref="JobPausedEvent.By"/>).</summary>
    public const string By = "auto-pause";

    private readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.Ordinal);

    /// <summary>
    /// Counts <paramref name="run"/>, whose final outcome was just written (never a run that will be retried); pauses
    /// its job when it is the limit's consecutive failure. Never throws: the run is recorded whatever happens here.
    /// </summary>
    public void Observe(RunRecord run, JobPolicies policies)
    {
        var limit = policies.PauseAfterFailures;
        if (limit <= 0)
        {
            _counters.TryRemove(run.JobId, out _);
            return;
        }
        var failed = run.Status is RunStatus.Failed or RunStatus.TimedOut;
        if (!failed && run.Status != RunStatus.Succeeded)
        {
            return;
        }
        try
        {
            var counter = _counters.GetOrAdd(run.JobId, _ => new Counter());
            RunRecord? last = null;
            int count;
            lock (counter)
            {
                if (counter.Seen is null)
                {
                    counter.Seen = ReadHistory(run, limit, counter);
                }
                else if (counter.Seen.Remove(run.Id))
                {
                    // Its outcome was in history when the count was read, so it is counted already.
                    return;
                }
                else
                {
                    counter.Count(run);
                }
                count = counter.Failures;
                if (count >= limit)
                {
                    last = counter.Last;
                    counter.Failures = 0;
                    counter.Last = null;
                }
            }
            if (last is not null)
            {
                Pause(last, count);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            LogFailed(logger, e, run.JobId, run.Id);
        }
    }

    /// <summary>
    /// Reads into <paramref name="counter"/> the job's consecutive failures up to <paramref name="run"/>'s, in the order they ended,
    /// since it was last paused, resumed or changed. Returns the ids of the other runs read, whose own outcomes this host
    /// may observe later (runs that ended together): those are counted here, once.
    /// </summary>
    private HashSet<string> ReadHistory(RunRecord run, int limit, Counter counter)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var read = RunsSinceChange.Of(jobs, history, run.JobId, 4 * limit + 16).Where(r => r.Id != run.Id).ToList();
        seen.UnionWith(read.Select(r => r.Id));
        read.Add(run);
        foreach (var ended in read.OrderBy(r => r.EndedUtc))
        {
            counter.Count(ended);
        }
        return seen;
    }

    private void Pause(RunRecord run, int count)
    {
        var now = time.GetUtcNow();
        if (jobs.GetJob(run.JobId) is not { Paused: false })
        {
            return;
        }
        var error = run.ErrorMessage is { Length: > 0 } message ? $": {message}" : "";
        var reason = $"paused after {count} consecutive failed runs (PauseAfterFailures {count}); the last, {run.Id}, ended {Text.KebabCase.Word(run.Status)}{error}";
        if (!jobs.SetPaused(run.JobId, new JobPause(reason, By), now))
        {
            return;
        }
        LogPaused(logger, run.JobId, count, run.Id, reason);
        events.Publish(new JobPausedEvent
        {
            JobId = run.JobId,
            OccurredUtc = now,
            Node = options.Value.EffectiveNodeId,
            By = By,
            Reason = reason,
        });
    }

    /// <summary>One job's count on this host; every member is read and written under its lock.</summary>
    private sealed class Counter
    {
        /// <summary>Null until the count is read from history; then the runs read there not yet observed.</summary>
        public HashSet<string>? Seen { get; set; }

        public int Failures { get; set; }

        /// <summary>The newest of the failures counted, named in the pause's reason.</summary>
        public RunRecord? Last { get; set; }

        /// <summary>A failed or timed-out run adds one; a success resets the count; other outcomes leave it.</summary>
        public void Count(RunRecord run)
        {
            if (run.Status is RunStatus.Failed or RunStatus.TimedOut)
            {
                Failures++;
                if (Last is null || Last.EndedUtc <= run.EndedUtc)
                {
                    Last = run;
                }
            }
            else if (run.Status == RunStatus.Succeeded)
            {
                Failures = 0;
                Last = null;
            }
        }
    }

    [LoggerMessage(EventId = 530, Level = LogLevel.Warning, Message = "Job {JobId} auto-paused after {Count} consecutive failed runs (last {RunId}): {Reason}")]
    private static partial void LogPaused(ILogger logger, string jobId, int count, string runId, string reason);

    [LoggerMessage(EventId = 531, Level = LogLevel.Error, Message = "Auto-pause of job {JobId} could not count run {RunId}")]
    private static partial void LogFailed(ILogger logger, Exception error, string jobId, string runId);
}
