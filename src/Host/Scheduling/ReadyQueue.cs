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

    public bool TryTake([System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out RunRecord run)
    {
        if (_queue.TryDequeue(out run, out _))
        {
            _ids.Remove(run.Id);
            return true;
        }
        return false;
    }
}
