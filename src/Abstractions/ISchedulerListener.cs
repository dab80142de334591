namespace Kairos;

/// <summary>
/// Told about what happens in the scheduler: runs starting and ending, fires not run, jobs faulting, pausing and
/// resuming, for error reporting, metrics and audit. Implement the callbacks you need; the others do nothing.
/// </summary>
/// <remarks>
/// Register a listener as a service (<c>services.AddSingleton&lt;ISchedulerListener, MyListener&gt;()</c>) in an
/// embedding application or in a plugin's <see cref="IPluginStartup"/> (it is dropped when the plugin unloads), or
/// configure the built-in webhook notifier. Listeners are called off the run's path, one event at a time per listener,
/// in order, each call with a timeout: a listener that throws, blocks or is slow never delays, fails or loses a run. When
/// a listener falls far behind, the oldest events waiting for it are dropped and counted.
/// </remarks>
public interface ISchedulerListener
{
    /// <summary>A run started on a node.</summary>
    /// <param name="e">The run.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) => default;

    /// <summary>A run ended: succeeded, failed, retrying, timed out, cancelled or interrupted.</summary>
    /// <param name="e">The run and its outcome.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) => default;

    /// <summary>A fire was recorded but not run: misfired (found too late) or skipped (overlap).</summary>
    /// <param name="e">The fire and why it did not run.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnFireNotRunAsync(FireNotRunEvent e, CancellationToken cancellationToken) => default;

    /// <summary>A job's source failed: a plugin that does not load, a script that does not compile.</summary>
    /// <param name="e">The source and the error.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnJobFaultedAsync(JobFaultedEvent e, CancellationToken cancellationToken) => default;

    /// <summary>A job was paused: by a person, by code, or by auto-pause after consecutive failures.</summary>
    /// <param name="e">The job, who paused it, why and until when.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnJobPausedAsync(JobPausedEvent e, CancellationToken cancellationToken) => default;

    /// <summary>A paused job was resumed: by a person, by code, or because its pause ran out.</summary>
    /// <param name="e">The job and who resumed it.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnJobResumedAsync(JobResumedEvent e, CancellationToken cancellationToken) => default;

    /// <summary>
    /// The host's scheduler loop or dispatcher stalled (stayed in one step past the watchdog's threshold), or advanced
    /// again (<see cref="SchedulerStalledEvent.Recovered"/>).
    /// </summary>
    /// <param name="e">The part, its step, since when, and whether it recovered.</param>
    /// <param name="cancellationToken">Cancelled when the call times out or the host stops.</param>
    /// <returns>A task that completes when the listener is done.</returns>
    ValueTask OnSchedulerStalledAsync(SchedulerStalledEvent e, CancellationToken cancellationToken) => default;
}
