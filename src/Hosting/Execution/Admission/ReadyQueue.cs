using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution.Admission;

/// <summary>
/// Claimed runs waiting for a slot on this node: runs whose instant has come, highest priority then the earliest
/// scheduled fire first (a re-run of an interrupted fire or a retry, due from its recovery or backoff, goes before
/// the later fires of its job, which its overlap policy would otherwise skip it for); runs claimed ahead of their
/// instant wait apart until it comes. Runs alike in all that start in the order they were queued, which for the runs of
/// a claim is the order of their ids (<see cref="RunIds"/>): their records, written behind as they end, then go into the
/// store in id order, which lets it store the ended runs of a burst together (LiteDB's run batches take only runs whose
/// ids follow those of the last batch). Each run once.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly PriorityQueue<RunRecord, (int, DateTimeOffset, DateTimeOffset, long)> _due = new();
    private readonly PriorityQueue<(RunRecord Run, long Order), (DateTimeOffset, long)> _ahead = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    /// <summary>The order runs were queued in: the last tie-break of both queues (a heap alone gives equal runs in no set order).</summary>
    private long _queued;

    public int Count => _due.Count + _ahead.Count;

    /// <summary>
    /// The instant of the earliest run claimed ahead of <paramref name="now"/>, if any. Runs already due wait for a
    /// slot or their key, and a run ending wakes the loop for them, so they are not an instant to wake at.
    /// </summary>
    public DateTimeOffset? NextInstantAfter(DateTimeOffset now)
    {
        Promote(now);
        return _ahead.TryPeek(out _, out var at) ? at.Item1 : null;
    }

    public void Add(RunRecord run)
    {
        if (_ids.Add(run.Id))
        {
            var order = _queued++;
            _ahead.Enqueue((run, order), (run.NotBeforeUtc, order));
        }
    }

    /// <summary>How many queued runs are due at <paramref name="now"/>.</summary>
    public int DueCount(DateTimeOffset now)
    {
        Promote(now);
        return _due.Count;
    }

    /// <summary>Takes the first run due at <paramref name="now"/>.</summary>
    public bool TryTake(DateTimeOffset now, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RunRecord run)
    {
        Promote(now);
        if (_due.TryDequeue(out run, out _))
        {
            _ids.Remove(run.Id);
            return true;
        }
        return false;
    }

    private void Promote(DateTimeOffset now)
    {
        while (_ahead.TryPeek(out var next, out var at) && at.Item1 <= now)
        {
            _ahead.Dequeue();
            _due.Enqueue(next.Run, (-next.Run.Priority, next.Run.ScheduledUtc, next.Run.NotBeforeUtc, next.Order));
        }
    }
}
