using System.Diagnostics;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution;

/// <summary>One run executing on this node: its record, its cancellation and why it was cancelled.</summary>
internal sealed class Execution(RunRecord run, CancellationTokenSource cancellation)
{
    private int _reason;
    private int _returned;

    public RunRecord Run { get; } = run;

    public CancellationTokenSource Cancellation { get; } = cancellation;

    /// <summary>The run's span while it runs; null when nobody traces runs.</summary>
    public Activity? Activity { get; set; }

    /// <summary>Completes when the job's code has really returned (a job that ignores its token keeps its slot).</summary>
    public TaskCompletionSource Finished { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the run's outcome has been written to the store.</summary>
    public TaskCompletionSource Recorded { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>True once the job's code has returned: its slot is free, even while its outcome is being written.</summary>
    public bool Returned => Volatile.Read(ref _returned) == 1;

    /// <summary>Marks the code returned; true the first time only (the slot is given back once).</summary>
    public bool MarkReturned() => Interlocked.Exchange(ref _returned, 1) == 0;

    public StopReason Reason => (StopReason)Volatile.Read(ref _reason);

    /// <summary>Who stopped the run when an operator did (<see cref="StopReason.Operator"/>); else null.</summary>
    public string? StoppedBy { get; private set; }

    /// <summary>
    /// Cancels the run's token for <paramref name="reason"/> (the first reason given is kept), by <paramref name="by"/>
    /// when an operator asks.
    /// </summary>
    public void Stop(StopReason reason, string? by = null)
    {
        if (Interlocked.CompareExchange(ref _reason, (int)reason, (int)StopReason.None) == (int)StopReason.None)
        {
            StoppedBy = by;
        }
        try
        {
            Cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished.
        }
    }
}
