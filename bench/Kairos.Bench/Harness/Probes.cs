namespace Kairos.Bench.Harness;

/// <summary>
/// Counts job bodies and completes when the expected number ran. <see cref="Restart"/> counts a second phase: only
/// bodies of triggers whose key starts with the phase's prefix, so late fires of the first phase do not count.
/// </summary>
internal sealed class CountdownProbe(int expected)
{
    private TaskCompletionSource _done = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _expected = expected;
    private string _prefix = "";
    private int _count;
    private long _firstHit;

    public int Count => Volatile.Read(ref _count);

    /// <summary><see cref="System.Diagnostics.Stopwatch"/> timestamp of the first counted body since the start or the last restart; 0 before it.</summary>
    public long FirstHitTimestamp => Interlocked.Read(ref _firstHit);

    public Task Done => Volatile.Read(ref _done).Task;

    public void Hit(string triggerKey = "")
    {
        if (!triggerKey.StartsWith(Volatile.Read(ref _prefix), StringComparison.Ordinal))
        {
            return;
        }
        var count = Interlocked.Increment(ref _count);
        if (count == 1)
        {
            Interlocked.Exchange(ref _firstHit, System.Diagnostics.Stopwatch.GetTimestamp());
        }
        if (count == Volatile.Read(ref _expected))
        {
            Volatile.Read(ref _done).TrySetResult();
        }
    }

    /// <summary>Counts from zero towards a new target, only triggers whose key starts with <paramref name="prefix"/>.</summary>
    public void Restart(int expected, string prefix)
    {
        Volatile.Write(ref _prefix, prefix);
        Volatile.Write(ref _done, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        Volatile.Write(ref _expected, expected);
        Interlocked.Exchange(ref _firstHit, 0);
        Interlocked.Exchange(ref _count, 0);
    }
}

/// <summary>One job body start: which trigger, when it was scheduled, when the body actually began (UTC ticks).</summary>
internal readonly record struct Fire(string TriggerKey, long ScheduledTicks, long StartedTicks);

/// <summary>Records every job body start with its scheduled instant; lock-free, preallocated.</summary>
internal sealed class LatencyProbe(int capacity)
{
    private readonly Fire[] _fires = new Fire[capacity];
    private int _next = -1;
    private int _dropped;

    public int Dropped => Volatile.Read(ref _dropped);

    public void Record(string triggerKey, DateTimeOffset scheduledUtc, DateTimeOffset startedUtc)
    {
        var i = Interlocked.Increment(ref _next);
        if (i < _fires.Length)
        {
            _fires[i] = new Fire(triggerKey, scheduledUtc.UtcTicks, startedUtc.UtcTicks);
        }
        else
        {
            Interlocked.Increment(ref _dropped);
        }
    }

    public ReadOnlySpan<Fire> Fires => _fires.AsSpan(0, Math.Min(Volatile.Read(ref _next) + 1, _fires.Length));
}
