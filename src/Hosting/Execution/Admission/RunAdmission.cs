using Kairos.Host.Catalog;
using Kairos.Host.Execution.Outcomes;
using Kairos.Host.Execution.Starting;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Execution.Admission;

/// <summary>
/// Which queued runs start: the ready queue, the free slots, the start policy of the store, and each job's overlap
/// policy (start, wait, replace or skip). Not thread-safe: the <see cref="Dispatcher"/> calls it under its lock.
/// </summary>
internal sealed partial class RunAdmission(
    ExecutingRuns executing,
    IStartPolicy starts,
    OutcomeRecorder outcomes,
    TimeProvider time,
    ILogger<RunAdmission> logger)
{
    private readonly ReadyQueue _ready = new();
    private readonly StartGathering _gathering = new(starts.GatherWindow);

    /// <summary>Claimed runs waiting for their instant or a slot.</summary>
    public int Count => _ready.Count;

    /// <summary>Queues a claimed run; each run once (a run already queued is ignored).</summary>
    public void Add(RunRecord run) => _ready.Add(run);

    /// <summary>
    /// The instant of the earliest queued run claimed ahead of <paramref name="now"/> (see <see cref="ReadyQueue.NextInstantAfter"/>),
    /// or the instant due runs held back for a fuller start batch start at the latest (<see cref="StartGathering"/>), if earlier.
    /// </summary>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now)
    {
        var next = _ready.NextInstantAfter(now);
        return _gathering.WithheldUntil is { } until && until > now && (next is null || until < next) ? until : next;
    }

    /// <summary>A read of the store's pending runs begins; returns the runs executing now, for <see cref="AddPending"/>.</summary>
    public HashSet<string> BeginPendingRead() => executing.BeginPendingRead();

    /// <summary>Queues the pending runs read, leaving out those that executed here around the read.</summary>
    public void AddPending(IReadOnlyList<RunRecord> pending, HashSet<string> executingBefore)
    {
        foreach (var run in pending)
        {
            if (!executing.ExecutedAround(run.Id, executingBefore))
            {
                _ready.Add(run);
            }
        }
    }

    public void EndPendingRead() => executing.EndPendingRead();

    /// <summary>
    /// Starts queued runs that are due (highest priority first) while slots are free, applying overlap policies;
    /// runs queued or replacing behind a running one go back to the queue. <paramref name="start"/> runs each
    /// started run. On a shared store due runs may be held back for a fuller batch (<see cref="StartGathering"/>):
    /// true when this call began holding them back (the loop must wake at <see cref="NextInstantAfter"/>).
    /// </summary>
    public bool AdmitDue(CatalogSnapshot catalog, Action<RunRecord, JobHandler> start)
    {
        var withheldBefore = _gathering.WithheldUntil is not null;
        _gathering.Begin();
        var waiting = new List<RunRecord>();
        for (var free = executing.FreeSlots; free > 0; free = executing.FreeSlots)
        {
            // Start as many as there are free slots at once (one store transaction for a shared store).
            var batch = new List<(RunRecord Run, JobHandler Handler)>();
            var now = time.GetUtcNow();
            if (_gathering.Gathers && !_gathering.MayStart(free, _ready.DueCount(now), executing.Busy == 0, now, executing.HasReturned))
            {
                break;
            }
            while (batch.Count < free && _ready.TryTake(now, out var run))
            {
                if (!executing.Contains(run.Id) && catalog.Handlers.TryGetValue(run.JobId, out var handler))
                {
                    batch.Add((run, handler));
                }
            }
            if (batch.Count == 0)
            {
                break;
            }
            var results = starts.StartMany(batch, now);
            if (_gathering.Gathers)
            {
                _gathering.Started([.. results.Where(r => r.Result == StartResult.Started).Select(r => r.Started!.Id)], time.GetUtcNow());
            }
            for (var i = 0; i < batch.Count; i++)
            {
                var (run, handler) = batch[i];
                var policies = handler.Definition.Policies;
                var result = results[i].Result;
                switch (Decide(result, policies.Overlap, result == StartResult.Busy && KeyOutcomePending(run.ConcurrencyKey), run.Origin == RunOrigin.Backfill))
                {
                    case AdmissionDecision.Start:
                        start(results[i].Started!, handler);
                        break;
                    case AdmissionDecision.Wait:
                        waiting.Add(run);
                        break;
                    case AdmissionDecision.Replace:
                        Replace(run, now);
                        waiting.Add(run);
                        break;
                    case AdmissionDecision.Skip:
                        // Written by the writer, not here: dispatching must never wait for the store's writer lock.
                        outcomes.RecordSkipped(run, policies, now);
                        break;
                    default:
                        break;
                }
            }
        }
        foreach (var run in waiting)
        {
            _ready.Add(run);
        }
        return !withheldBefore && _gathering.WithheldUntil is not null;
    }

    /// <summary>
    /// What becomes of a run the start policy answered <paramref name="result"/> for. A busy key applies the job's
    /// <paramref name="overlap"/> policy, except while an outcome of the key is still being written
    /// (<paramref name="keyOutcomePending"/>): the key is busy in the store only, so the run waits for the write rather
    /// than skip or replace. A backfill run (<paramref name="queues"/>) always waits for its key: the runs of a backfill
    /// queue behind one another and behind the fires of the present, never skip nor replace them.
    /// </summary>
    public static AdmissionDecision Decide(StartResult result, OverlapPolicy overlap, bool keyOutcomePending, bool queues = false) => result switch
    {
        StartResult.Started => AdmissionDecision.Start,
        StartResult.Busy when keyOutcomePending || queues => AdmissionDecision.Wait,
        StartResult.Busy => overlap switch
        {
            OverlapPolicy.Queue => AdmissionDecision.Wait,
            OverlapPolicy.Replace => AdmissionDecision.Replace,
            _ => AdmissionDecision.Skip,
        },
        _ => AdmissionDecision.Drop,
    };

    /// <summary>A run of the key has returned here but its outcome is still being written (a batch, or the store briefly unreachable).</summary>
    private bool KeyOutcomePending(string concurrencyKey) =>
        executing.All.Any(e => e.Run.ConcurrencyKey == concurrencyKey && e.Returned && !e.Recorded.Task.IsCompleted);

    /// <summary>Stops the runs of <paramref name="run"/>'s key: those here at once, those of other nodes through the store.</summary>
    private void Replace(RunRecord run, DateTimeOffset now)
    {
        foreach (var execution in executing.All.Where(e => e.Run.ConcurrencyKey == run.ConcurrencyKey && e.Reason == StopReason.None && !e.Returned))
        {
            LogReplacing(logger, run.JobId, execution.Run.Id, run.Id);
            execution.Stop(StopReason.Replaced);
        }
        starts.ReplaceElsewhere(run, now);
    }

    [LoggerMessage(EventId = 503, Level = LogLevel.Warning, Message = "Run {RunId} of {JobId} is cancelled: run {NewRunId} replaces it")]
    private static partial void LogReplacing(ILogger logger, string jobId, string runId, string newRunId);
}
