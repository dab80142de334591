namespace Kairos.Host.Cli;

/// <summary>
/// <c>kairos exec --wait-for-debugger</c>: says which process to attach to, then polls <c>Debugger.IsAttached</c> on a
/// timer until a debugger is attached, or a line is entered on the console (Enter: run without one), or the wait is
/// cancelled (Ctrl+C). At the end of input (stdin closed or not a terminal) it waits for the debugger only.
/// </summary>
internal static class DebuggerWait
{
    /// <summary>How often <c>Debugger.IsAttached</c> is read.</summary>
    public static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(100);

    /// <returns>True when a debugger attached; false when Enter was pressed first.</returns>
    public static async Task<bool> WaitAsync(Func<bool> attached, TextReader input, TextWriter output, int processId, TimeProvider time, CancellationToken cancellationToken)
    {
        if (attached())
        {
            return true;
        }
        await output.WriteLineAsync(
            $"kairos: waiting for a debugger to attach to process {processId} (VS Code: '.NET: Attach to a .NET 5+ or .NET Core process'; " +
            "Rider: Run > Attach to Process); press Enter to run without one").ConfigureAwait(false);
        // A thread blocked in ReadLine until Enter or the end of input; it is left behind once a debugger attaches.
        Task<string?> line = Task.Factory.StartNew(input.ReadLine, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        using var timer = new PeriodicTimer(Poll, time);
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        while (!attached())
        {
            if (await Task.WhenAny(tick, line).ConfigureAwait(false) == line)
            {
                if (await line.ConfigureAwait(false) is not null)
                {
                    await output.WriteLineAsync("kairos: running without a debugger").ConfigureAwait(false);
                    return false;
                }
                line = new TaskCompletionSource<string?>().Task; // the end of input: only a debugger ends the wait
                continue;
            }
            await tick.ConfigureAwait(false);
            tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        }
        await output.WriteLineAsync("kairos: debugger attached").ConfigureAwait(false);
        return true;
    }
}
