using Kairos.Host.Storage;

namespace Kairos.Host.Scheduling;

/// <summary>
/// Claimed runs waiting for a slot on this node: runs whose instant has come, highest priority then oldest first;
/// runs claimed ahead of their instant wait apart until it comes. Each run once.
/// </summary>
internal sealed class ReadyQueue
{
    private readonly PriorityQueue<RunRecord, (int, DateTimeOffset)> _due = new();
    private readonly PriorityQueue<RunRecord, DateTimeOffset> _ahead = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public int Count => _due.Count + _ahead.Count;

    /// <summary>The instant of the earliest run claimed ahead, if any.</summary>
    public DateTimeOffset? NextInstant => _ahead.TryPeek(out _, out var at) ? at : null;

    public void Add(RunRecord run)
    {
        if (_ids.Add(run.Id))
        {
            _ahead.Enqueue(run, run.NotBeforeUtc);
        }
    }

    /// <summary>Takes the first run due at <paramref name="now"/>.</summary>
    public bool TryTake(DateTimeOffset now, [System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RunRecord run)
    {
        while (_ahead.TryPeek(out var next, out var at) && at <= now)
        {
            _ahead.Dequeue();
            _due.Enqueue(next, (-next.Priority, next.NotBeforeUtc));
        }
        if (_due.TryDequeue(out run, out _))
        {
            _ids.Remove(run.Id);
            return true;
        }
        return false;
    }
}
