using System.Threading.Channels;
using Kairos.Host.Storage;

namespace Kairos.Host.Execution;

/// <summary>
/// Group commit for run outcomes: runs that end at about the same time have their records written in one store
/// transaction instead of one each (a LiteDB commit costs about as much as a hundred updates inside one).
/// </summary>
internal sealed class RunOutcomeWriter : IDisposable
{
    private const int MaxBatch = 512;
    private const int MaxAttempts = 240;
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);
    private readonly IRunStore _runs;
    private readonly TimeProvider _time;
    private readonly Channel<(RunRecord Record, TaskCompletionSource<bool> Written)> _queue =
        Channel.CreateUnbounded<(RunRecord, TaskCompletionSource<bool>)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _pump;

    public RunOutcomeWriter(IRunStore runs, TimeProvider time)
    {
        _runs = runs;
        _time = time;
        _pump = Task.Run(PumpAsync);
    }

    /// <summary>Writes the outcome; true when written, false when a newer claim owns the run (fencing).</summary>
    public Task<bool> CompleteAsync(RunRecord record)
    {
        var written = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite((record, written)))
        {
            written.SetResult(_runs.Complete(record));
        }
        return written.Task;
    }

    public void Dispose()
    {
        _queue.Writer.TryComplete();
        _pump.Wait(TimeSpan.FromSeconds(10));
    }

    private async Task PumpAsync()
    {
        var batch = new List<(RunRecord Record, TaskCompletionSource<bool> Written)>(MaxBatch);
        while (await _queue.Reader.WaitToReadAsync().ConfigureAwait(false))
        {
            batch.Clear();
            while (batch.Count < MaxBatch && _queue.Reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            // The store may be briefly unreachable (a database restart): outcomes are kept and retried every quarter
            // of a second, so they are written at most that long after it is back (until then the runs look running
            // and a next fire of theirs would be held or skipped); after about a minute the runs' leases expire and
            // recovery applies instead.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    var results = _runs.CompleteMany(batch.Select(b => b.Record).ToList());
                    for (var i = 0; i < batch.Count; i++)
                    {
                        batch[i].Written.TrySetResult(results[i]);
                    }
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
                        item.Written.TrySetException(e);
                    }
                    break;
                }
            }
        }
    }
}
