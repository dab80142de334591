namespace Kairos;

/// <summary>
/// The scheduler, driven from code: trigger and schedule jobs, change any job's triggers, pause and resume, and read
/// jobs, runs and the scheduler's state. An embedding application gets it from dependency injection, a plugin job from
/// <see cref="JobContext.Scheduler"/>, a plugin's startup from <see cref="PluginStartupContext.Scheduler"/> and a script
/// as its <c>Scheduler</c> global. The <c>kairos</c> CLI and the control API call this same interface.
/// </summary>
/// <remarks>
/// Every change is written to the store before the call returns and is seen by every host of a cluster within about a
/// second. Invalid input (an unknown job id, a bad cron expression or time zone, data that is not JSON) throws an
/// <see cref="ArgumentException"/> (<see cref="JobNotFoundException"/> for an unknown job) whose message quotes the value
/// and says what was expected, and nothing is written.
/// </remarks>
public interface IScheduler
{
    /// <summary>Queues a run of the job now, under the trigger key <c>manual</c>.</summary>
    /// <param name="jobId">The job to run.</param>
    /// <param name="dataJson">The run's data as a JSON text (<see cref="JobContext.DataJson"/>), or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The id of the run record, to read with <see cref="GetRunAsync"/> or wait for with <see cref="WaitForRunAsync"/>.</returns>
    Task<string> TriggerAsync(string jobId, string? dataJson = null, CancellationToken cancellationToken = default);

    /// <summary>Adds a one-shot trigger that fires the job once at an instant, then is removed.</summary>
    /// <param name="jobId">The job to run.</param>
    /// <param name="runAtUtc">When to run it; an instant in the past fires at once.</param>
    /// <param name="dataJson">The run's data as a JSON text, or <see langword="null"/>.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The key of the new trigger (<c>once-…</c>), to remove it with <see cref="RemoveTriggersAsync"/> before it fires.</returns>
    Task<string> ScheduleOnceAsync(string jobId, DateTimeOffset runAtUtc, string? dataJson = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Adds triggers to a job, or replaces those with the same keys, in one store write. A replaced trigger whose
    /// schedule is unchanged keeps its next fire time. All are validated first; none is written if one is invalid.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="triggers">The triggers, with distinct keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when every trigger is stored.</returns>
    Task UpsertTriggersAsync(string jobId, IReadOnlyCollection<TriggerSpec> triggers, CancellationToken cancellationToken = default);

    /// <summary>Removes triggers of a job by key; the job's run history stays. Keys the job does not have are ignored.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="keys">The trigger keys.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>How many triggers were removed.</returns>
    Task<int> RemoveTriggersAsync(string jobId, IReadOnlyCollection<string> keys, CancellationToken cancellationToken = default);

    /// <summary>Pauses a job on every host: its fires wait, runs in progress go on.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="reason">Why, shown by <c>kairos jobs</c> and sent to listeners; or <see langword="null"/>.</param>
    /// <param name="untilUtc">When the job resumes by itself, or <see langword="null"/> to stay paused until resumed.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the pause is stored.</returns>
    Task PauseAsync(string jobId, string? reason = null, DateTimeOffset? untilUtc = null, CancellationToken cancellationToken = default);

    /// <summary>Resumes a paused job (also one paused by auto-pause); resuming a job that is not paused does nothing.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the change is stored.</returns>
    Task ResumeAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Every job with its triggers, state, next fire and last run, ordered by id.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The jobs.</returns>
    Task<IReadOnlyList<JobInfo>> GetJobsAsync(CancellationToken cancellationToken = default);

    /// <summary>One job with its triggers, state, next fire and last run.</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The job, or <see langword="null"/> when the store has no such job.</returns>
    Task<JobInfo?> GetJobAsync(string jobId, CancellationToken cancellationToken = default);

    /// <summary>Run records, newest first, filtered and paged.</summary>
    /// <param name="query">The filters and page size; <see cref="RunPage.NextPageToken"/> reads the next page.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>One page of runs.</returns>
    Task<RunPage> GetRunsAsync(RunQuery query, CancellationToken cancellationToken = default);

    /// <summary>One run record with its log lines and error.</summary>
    /// <param name="runId">The run id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The run, or <see langword="null"/> when there is no such record.</returns>
    Task<RunInfo?> GetRunAsync(string runId, CancellationToken cancellationToken = default);

    /// <summary>The scheduler's state: node, store, loaded plugins and scripts, runs in progress and the cluster's nodes.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A snapshot.</returns>
    Task<SchedulerInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>Waits until a run has ended (any status but pending, running and waiting-for-handler).</summary>
    /// <param name="runId">The run id, as <see cref="TriggerAsync"/> returned it.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The ended run with its log and error.</returns>
    /// <exception cref="TimeoutException">The run had not ended within <paramref name="timeout"/>; the message says its status then.</exception>
    /// <exception cref="ArgumentException">There is no run with this id.</exception>
    Task<RunInfo> WaitForRunAsync(string runId, TimeSpan timeout, CancellationToken cancellationToken = default);
}
