using Kairos.Host.Listeners;
using Kairos.Host.Storage.Runs;

namespace Kairos.Host.Execution.Leases;

/// <summary>
/// The runs of this node in flight: executing, their outcome not yet recorded. What <see cref="LeaseRelease"/> waits
/// for at a graceful stop, and records <c>interrupted</c> when the process ends without one.
/// </summary>
internal sealed class InFlightRuns(ExecutingRuns executing, IRunRecorder runs, RunWriter writer, EngineEvents events, TimeProvider time)
{
    /// <summary>The executions whose outcome is not recorded yet.</summary>
    public IReadOnlyList<Execution> Open() => [.. executing.All.Where(e => !e.Recorded.Task.IsCompleted)];

    /// <summary>
    /// Records every run still in flight <c>interrupted</c> with <paramref name="error"/>, synchronously (its code is
    /// about to be cut off), after the starts and outcomes queued in the writer are written; the number written.
    /// </summary>
    public int RecordInterrupted(string error)
    {
        writer.Dispose();
        var now = time.GetUtcNow();
        var open = Open().Select(e => e.Run.Interrupted(now, error)).ToList();
        var results = runs.CompleteMany(open);
        var written = 0;
        for (var i = 0; i < open.Count; i++)
        {
            if (results[i])
            {
                written++;
                events.RunEnded(open[i]);
            }
        }
        return written;
    }
}
