using Kairos.Host.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Execution.Running;

/// <summary>
/// A run's time limits: its timeout (<c>JobPolicies.Timeout</c>), which stops it, and the grace a
/// cancelled job is given to return (<see cref="KairosOptions.CancellationGrace"/>) before its outcome is recorded
/// without waiting for it.
/// </summary>
internal sealed class RunLimits(TimeProvider time, IOptions<KairosOptions> options)
{
    private readonly TimeSpan _cancellationGrace = options.Value.CancellationGrace;

    /// <summary>A timer that stops <paramref name="execution"/> once <paramref name="timeout"/> has passed; null for no timeout.</summary>
    public ITimer? StartTimeout(Execution execution, TimeSpan? timeout) => timeout is { } limit
        ? time.CreateTimer(static state => ((Execution)state!).Stop(StopReason.Timeout), execution, limit, Timeout.InfiniteTimeSpan)
        : null;

    /// <summary>
    /// Waits for <paramref name="job"/> to return; once <paramref name="token"/> is cancelled, for the grace at most.
    /// True when the job returned.
    /// </summary>
    public async Task<bool> WaitWithGraceAsync(Task job, CancellationToken token)
    {
        // Ends when the job does, or when the token is cancelled (one promise and one registration per run).
        await job.WaitAsync(token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (job.IsCompleted)
        {
            return true;
        }
        using var graceOver = new CancellationTokenSource();
        var grace = Task.Delay(_cancellationGrace, time, graceOver.Token);
        await Task.WhenAny(job, grace).ConfigureAwait(false);
        await graceOver.CancelAsync().ConfigureAwait(false);
        return job.IsCompleted;
    }
}
