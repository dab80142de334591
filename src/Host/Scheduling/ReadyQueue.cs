using Kairos.Host.Storage;

namespace Kairos.Host.Scheduling;

/// <summary>Claimed runs waiting for a slot on this node, highest priority then oldest first; each run once.</summary>
internal sealed class ReadyQueue
{
    private readonly PriorityQueue<RunRecord, (int, DateTimeOffset)> _queue = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

    public int Count => _queue.Count;

    public void Add(RunRecord run)
    {
        if (_ids.Add(run.Id))
        {
            _queue.Enqueue(run, (-run.Priority, run.NotBeforeUtc));
        }
    }

    public List<RunRecord> Take(int max)
    {
        var taken = new List<RunRecord>(Math.Min(max, _queue.Count));
        while (taken.Count < max && _queue.TryDequeue(out var run, out _))
        {
            _ids.Remove(run.Id);
            taken.Add(run);
        }
        return taken;
    }
}
