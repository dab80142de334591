using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// Warms Roslyn up in the background when the first scan compiled nothing (every script came from the cache), so the
/// first script changed later does not pay the compiler's cold start; it waits <see cref="ScriptSourceOptions.WarmUpDelay"/>
/// first, so that it does not take the CPU from the first fires. Only an optimisation: a failure is logged and forgotten.
/// </summary>
internal sealed class ScriptWarmUp(ScriptCompiler compiler, IOptions<ScriptSourceOptions> options, TimeProvider time, ILogger<ScriptWarmUp> logger)
{
    private Task _done = Task.CompletedTask;

    /// <summary>
    /// Starts the warm-up on the thread pool when <paramref name="compiles"/> (of the first scan) is zero and
    /// <see cref="ScriptSourceOptions.WarmUp"/> is on; <paramref name="stopping"/> cancels it while it waits.
    /// </summary>
    public void StartIfCold(string root, long compiles, CancellationToken stopping)
    {
        if (compiles == 0 && options.Value.WarmUp)
        {
            _done = Task.Run(() => WarmUpLaterAsync(root, stopping), CancellationToken.None);
        }
    }

    /// <summary>Completes when the warm-up started, if any, is over (it never faults).</summary>
    public Task WhenDoneAsync() => _done;

    private async Task WarmUpLaterAsync(string root, CancellationToken stopping)
    {
        try
        {
            await Task.Delay(options.Value.WarmUpDelay, time, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        WarmUp(root);
    }

    private void WarmUp(string root)
    {
        try
        {
            var elapsed = compiler.WarmUp(root);
            ScriptLog.WarmedUp(logger, elapsed.TotalMilliseconds);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only an optimisation: the first real compile pays the cold start instead.
            ScriptLog.WarmUpFailed(logger, e.Message);
        }
    }
}
