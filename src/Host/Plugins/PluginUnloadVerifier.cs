namespace Kairos.Host.Plugins;

/// <summary>
/// Checks that an unloaded load context was really collected: up to <c>rounds</c> full collections with finalizers,
/// a short pause between them (off the scheduler's path), until the weak reference is dead.
/// </summary>
internal static class PluginUnloadVerifier
{
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

    private static bool IsCollected(WeakReference context)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return !context.IsAlive;
    }
}
