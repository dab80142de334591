using System.Runtime.CompilerServices;

namespace Kairos.Host.Sources.Retiring;

/// <summary>
/// Checks that an unloaded load context was really collected (DESIGN.md §3, step 4), for plugins and scripts alike: up
/// to <c>rounds</c> full collections with finalizers, with a pause between them that holds no thread, until the weak
/// reference is dead. The pauses matter: the last run's task and exception (whose stack trace pins the code) may outlive
/// the drain by a moment, so a context still alive right after unloading is not yet a leak.
/// </summary>
internal static class UnloadVerifier
{
    /// <summary>True once the context is collected; false when it is still alive after every round (a leak).</summary>
    /// <param name="context">The weak reference to the unloaded context.</param>
    /// <param name="rounds">How many collections it gets.</param>
    /// <param name="pause">The pause between them.</param>
    /// <param name="timeProvider">The clock of the pauses.</param>
    /// <param name="cancellationToken">Cuts the pauses short (host shutdown): the context is then checked once more.</param>
    public static async Task<bool> WaitCollectedAsync(WeakReference context, int rounds, TimeSpan pause, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        for (var round = 0; round < rounds; round++)
        {
            if (IsCollected(context))
            {
                return true;
            }
            try
            {
                await Task.Delay(pause, timeProvider, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
        return IsCollected(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static bool IsCollected(WeakReference context)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !context.IsAlive;
    }
}
