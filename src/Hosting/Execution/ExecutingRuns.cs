using System.Collections.Concurrent;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.Runs;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution;

/// <summary>
/// The runs executing on this node, and the slots they hold: shared by admission (free slots, busy keys), the
/// executor (a run starts, returns, ends), the start policy (limits counted here on an exclusive store) and the
/// lease keeper (the runs to renew, to stop or to record interrupted).
/// </summary>
internal sealed class ExecutingRuns(IOptions<KairosOptions> options)
{
    private readonly ConcurrentDictionary<string, Execution> _executing = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _endedDuringRead = new(StringComparer.Ordinal);
    private readonly RunningCounts _running = new();
    private readonly int _slots = options.Value.EffectiveMaxConcurrency;
    private bool _readingPending;

    /// <summary>
    /// Slots in use: runs whose code has not returned, including jobs that timed out but go on. A run whose code has
    /// returned frees its slot at once, while its outcome is still being written (writes are batched).
    /// </summary>
    public int Busy => _running.Busy;

    public int FreeSlots => Math.Max(0, _slots - Busy);

    /// <summary>The executions, read without locking the dictionary (its <c>Values</c> takes every lock and copies).</summary>
    public IEnumerable<Execution> All => _executing.Select(static p => p.Value);

    /// <summary>Runs of <paramref name="concurrencyKey"/> whose code has not returned here.</summary>
    public int WithKey(string concurrencyKey) => _running.WithKey(concurrencyKey);

    public bool Contains(string runId) => _executing.ContainsKey(runId);

    /// <summary>True when the run's code has returned here, or the run is no longer executing here.</summary>
    public bool HasReturned(string runId) => !_executing.TryGetValue(runId, out var execution) || execution.Returned;

    /// <summary>A run starts here: it takes a slot and a place under its key's limit.</summary>
    public Execution Add(RunRecord run)
    {
        var execution = new Execution(run, new CancellationTokenSource());
        _executing[run.Id] = execution;
        _running.Take(run.ConcurrencyKey);
        return execution;
    }

    /// <summary>The run's code returned: its slot and its place under its key's limit are free (once).</summary>
    public void Returned(Execution execution)
    {
        if (execution.MarkReturned())
        {
            _running.Release(execution.Run.ConcurrencyKey);
        }
    }

    /// <summary>The run's outcome is written and its code has returned: it is forgotten here.</summary>
    public void Remove(Execution execution)
    {
        if (Volatile.Read(ref _readingPending))
        {
            _endedDuringRead[execution.Run.Id] = 0;
        }
        _executing.TryRemove(execution.Run.Id, out _);
    }

    /// <summary>A read of the store's pending runs begins: returns the runs executing now (see <see cref="Dispatcher.EnqueuePending"/>).</summary>
    public HashSet<string> BeginPendingRead()
    {
        _endedDuringRead.Clear();
        Volatile.Write(ref _readingPending, true);
        return _executing.Keys.ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>True when the run executed here around the read: before it, now, or it ended during it.</summary>
    public bool ExecutedAround(string runId, HashSet<string> beforeRead) =>
        beforeRead.Contains(runId) || _executing.ContainsKey(runId) || _endedDuringRead.ContainsKey(runId);

    /// <summary>Only now: a run ending before this point is still recorded as ended during the read.</summary>
    public void EndPendingRead() => Volatile.Write(ref _readingPending, false);
}
