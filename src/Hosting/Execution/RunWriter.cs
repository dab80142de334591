using System.Diagnostics;
using System.Threading.Channels;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Telemetry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution;

/// <summary>
/// Group commit for run records: outcomes of runs that end at about the same time, and on an exclusive store the
/// starts of runs, gathered for <see cref="KairosOptions.RecordBatchWindow"/>, are written in one store transaction
/// instead of one each (a LiteDB commit costs about as much as a
/// hundred updates inside one). Changes are written in the order they were made, so a run's start always precedes its
/// outcome; a run that starts and ends within one batch is written once.
/// </summary>
internal sealed partial class RunWriter : IDisposable
{
    private const int MaxBatch = 512;
    private const int MaxAttempts = 240;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly IRunRecorder _runs;
    private readonly TimeProvider _time;
    private readonly ILogger<RunWriter> _logger;
    private readonly TimeSpan _window;
    private readonly Channel<(RunWrite Write, TaskCompletionSource<bool>? Written)> _queue =
        Channel.CreateUnbounded<(RunWrite, TaskCompletionSource<bool>?)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly RunEndSignal _ended;
    private readonly KairosMetrics? _metrics;
    private readonly Task _pump;
    private readonly Lock _sequence = new();
    private readonly List<(long Upto, TaskCompletionSource Done)> _waiting = [];
    private long _queued;
    private long _settled;

    public RunWriter(IRunRecorder runs, TimeProvider time, IOptions<KairosOptions> options, ILogger<RunWriter> logger, RunEndSignal? ended = null, KairosMetrics? metrics = null)
    {
        _runs = runs;
        _metrics = metrics;
        _ended = ended ?? new RunEndSignal();
        _time = time;
        _window = options.Value.RecordBatchWindow;
        _logger = logger;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>
    /// Records, behind the job, the start of a run this node has already started (exclusive stores only: the
    /// dispatcher checked the limits). <paramref name="started"/> must be a copy that later changes do not reach.
    /// The job does not wait for the write; its outcome is written after it.
    /// </summary>
    public void StartBehind(RunRecord started)
    {
        if (!Queue((new RunWrite(started, IsStart: true), null)))
        {
            Report(started, _runs.WriteMany([new RunWrite(started, IsStart: true)])[0]);
        }
    }

    /// <summary>
    /// Writes the outcome, and with it (in its transaction, only if it is written) the run's <paramref name="next"/>
    /// attempt and the <paramref name="chained"/> runs; true when written, false when a newer claim owns the run (fencing).
    /// </summary>
    public Task<bool> CompleteAsync(RunRecord record, RunRecord? next = null, IReadOnlyList<RunRecord>? chained = null)
    {
        // Continuations run where the result is set: a batch's outcomes are settled together on one pool thread
        // (Settle), not as one work item each.
        var written = new TaskCompletionSource<bool>();
        var write = new RunWrite(record, IsStart: false, next, chained is { Count: > 0 } ? chained : null);
        if (!Queue((write, written)))
        {
            written.SetResult(_runs.WriteMany([write])[0]);
            _ended.Pulse();
        }
        return written.Task;
    }

    /// <summary>
    /// Completes once every change queued before the call is written (or given up after its retries): a read of the
    /// store that follows sees this node's starts and outcomes, though they are written behind the runs.
    /// </summary>
    public Task WrittenAsync()
    {
        lock (_sequence)
        {
            if (_settled == _queued)
            {
                return Task.CompletedTask;
            }
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting.Add((_queued, done));
            return done.Task;
        }
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _pump.Wait(TimeSpan.FromSeconds(10));
        lock (_sequence)
        {
            _waiting.ForEach(w => w.Done.TrySetResult());
            _waiting.Clear();
        }
    }

    /// <summary>Queues a change; its place in the queue is its place in the count <see cref="WrittenAsync"/> waits on.</summary>
    private bool Queue((RunWrite Write, TaskCompletionSource<bool>? Written) item)
    {
        lock (_sequence)
        {
            if (!_queue.Writer.TryWrite(item))
            {
                return false;
            }
            _queued++;
            return true;
        }
    }

    /// <summary>The pump is done with <paramref name="count"/> more changes, in queue order: the waits they held end.</summary>
    private void Settled(int count)
    {
        lock (_sequence)
        {
            _settled += count;
            _waiting.RemoveAll(w =>
            {
                if (w.Upto > _settled)
                {
                    return false;
                }
                w.Done.TrySetResult();
                return true;
            });
        }
    }

    private async Task PumpAsync()
    {
        var batch = new List<(RunWrite Write, TaskCompletionSource<bool>? Written)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            if (_window > TimeSpan.Zero)
            {
                // Gather what comes with this change (hundreds of runs starting and ending together), and leave the
                // CPU to their starts meanwhile.
                await Task.Delay(_window, _time).ConfigureAwait(false);
            }
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            // The store may be briefly unreachable (a database restart): changes are kept and retried every quarter
            // of a second, so they are written at most that long after it is back (until then the runs look running
            // and a next fire of theirs would be held or skipped); after about a minute the runs' leases expire and
            // recovery applies instead.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var writing = Stopwatch.GetTimestamp();
                    var results = _runs.WriteMany(batch.Select(b => b.Write).ToList());
                    _metrics?.BatchWritten(batch.Count, Stopwatch.GetElapsedTime(writing));
                    ThreadPool.UnsafeQueueUserWorkItem(SettleAll, (batch.ToArray(), results), preferLocal: false);
                    break;
                }
                catch (Exception e) when (e is not (OutOfMemoryException or ObjectDisposedException) && attempt < MaxAttempts)
                {
                    await Task.Delay(RetryDelay, _time).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    foreach (var item in batch)
                    {
                        if (item.Written is null)
                        {
                            LogStartNotWritten(_logger, e, item.Write.Record.JobId, item.Write.Record.Id);
                        }
                    }
                    var failed = batch.Select(b => b.Written).OfType<TaskCompletionSource<bool>>().ToList();
                    ThreadPool.UnsafeQueueUserWorkItem(
                        static s =>
                        {
                            foreach (var waiter in s.Failed)
                            {
                                waiter.TrySetException(s.Error);
                            }
                        },
                        (Error: e, Failed: failed),
                        preferLocal: false);
                    break;
                }
            }
            Settled(batch.Count);
        }
    }

    /// <summary>
    /// Settles a written batch on a pool thread, off the pump: each outcome's waiter goes on there (the rest of its run's
    /// bookkeeping, a few microseconds), one after the other, in one work item rather than one each.
    /// </summary>
    private void SettleAll(((RunWrite Write, TaskCompletionSource<bool>? Written)[] Batch, IReadOnlyList<bool> Results) settled)
    {
        var (batch, results) = settled;
        var ended = false;
        for (var i = 0; i < batch.Length; i++)
        {
            Settle(batch[i], results[i]);
            ended |= !batch[i].Write.IsStart;
        }
        if (ended)
        {
            _ended.Pulse();
        }
    }

    private void Settle((RunWrite Write, TaskCompletionSource<bool>? Written) item, bool written)
    {
        if (item.Written is { } completion)
        {
            completion.TrySetResult(written);
        }
        else
        {
            Report(item.Write.Record, written);
        }
    }

    private void Report(RunRecord started, bool written)
    {
        if (!written)
        {
            LogStartRefused(_logger, started.JobId, started.Id);
        }
    }

    [LoggerMessage(EventId = 330, Level = LogLevel.Warning,
        Message = "Run {RunId} of {JobId} started, but its record was no longer pending when the start was written; its outcome will not be recorded over the newer state")]
    private static partial void LogStartRefused(ILogger logger, string jobId, string runId);

    [LoggerMessage(EventId = 331, Level = LogLevel.Error,
        Message = "Run {RunId} of {JobId} started, but the store refused its start record for a minute; the run stays pending and runs again after a restart")]
    private static partial void LogStartNotWritten(ILogger logger, Exception error, string jobId, string runId);
}
