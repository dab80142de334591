namespace Kairos.Host.Scripts.Status;

/// <summary>Counts what the script source did since start; read through <see cref="ScriptStatusBoard.Snapshot"/>.</summary>
internal sealed class ScriptCounters
{
    private long _compiles;
    private long _cacheHits;
    private long _compileFailures;
    private long _reloads;
    private long _unloads;
    private long _collected;
    private long _leaks;
    private long _lastCompileTicks;
    private long _lastReloadTicks;
    private long _initialScanTicks;

    public void Compiled(TimeSpan elapsed, bool succeeded)
    {
        Interlocked.Increment(ref _compiles);
        if (!succeeded)
        {
            Interlocked.Increment(ref _compileFailures);
        }
        Interlocked.Exchange(ref _lastCompileTicks, elapsed.Ticks);
    }

    public void CacheHit() => Interlocked.Increment(ref _cacheHits);

    public void Reloaded(TimeSpan elapsed)
    {
        Interlocked.Increment(ref _reloads);
        Interlocked.Exchange(ref _lastReloadTicks, elapsed.Ticks);
    }

    public void InitialScan(TimeSpan elapsed) => Interlocked.Exchange(ref _initialScanTicks, elapsed.Ticks);

    public void UnloadStarted() => Interlocked.Increment(ref _unloads);

    public void UnloadVerified(bool collected) => Interlocked.Increment(ref collected ? ref _collected : ref _leaks);

    public ScriptCountersSnapshot Snapshot() => new(
        Interlocked.Read(ref _compiles),
        Interlocked.Read(ref _cacheHits),
        Interlocked.Read(ref _compileFailures),
        Interlocked.Read(ref _reloads),
        Interlocked.Read(ref _unloads),
        Interlocked.Read(ref _collected),
        Interlocked.Read(ref _leaks),
        Milliseconds(ref _lastCompileTicks),
        Milliseconds(ref _lastReloadTicks),
        Milliseconds(ref _initialScanTicks));

    private static double Milliseconds(ref long ticks) => Math.Round(TimeSpan.FromTicks(Interlocked.Read(ref ticks)).TotalMilliseconds, 1);
}

/// <summary>
/// Counters of the script source: <see cref="Compiles"/> (Roslyn compiles, failed ones included) versus
/// <see cref="CacheHits"/> (versions loaded from the disk cache); <see cref="Unloads"/> started,
/// <see cref="UnloadsCollected"/> verified collected, <see cref="Leaks"/> still alive after the checks.
/// </summary>
internal sealed record ScriptCountersSnapshot(
    long Compiles,
    long CacheHits,
    long CompileFailures,
    long Reloads,
    long Unloads,
    long UnloadsCollected,
    long Leaks,
    double LastCompileMs,
    double LastReloadMs,
    double InitialScanMs);
