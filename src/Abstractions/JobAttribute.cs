namespace Kairos;

/// <summary>
/// Declares a class implementing <see cref="IJob"/> as a Kairos job with a stable id and its policies.
/// The host checks the declaration when it loads the class and reports what is wrong with the file and value.
/// </summary>
/// <example>
/// <code>
/// [Job("billing.invoice-reminder", Description = "Emails reminders for unpaid invoices", TimeoutSeconds = 300)]
/// [CronTrigger("0 9 * * 1-5", TimeZone = "Europe/London")]
/// public sealed class InvoiceReminder : IJob { ... }
/// </code>
/// </example>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false, Inherited = false)]
public sealed class JobAttribute : Attribute
{
    /// <summary>Declares a job.</summary>
    /// <param name="id">
    /// The stable job id: lower-case letters, digits, '.', '-' and '_', starting with a letter, at most 100 characters.
    /// It is what the store keeps, so never derive it from a type name.
    /// </param>
    public JobAttribute(string id) => Id = id;

    /// <summary>The stable job id.</summary>
    public string Id { get; }

    /// <summary>What the job does, shown by <c>kairos jobs</c>. Default: empty.</summary>
    public string Description { get; set; } = "";

    /// <summary>What happens when a fire is due while the job is running. Default: <see cref="OverlapPolicy.Skip"/>.</summary>
    public OverlapPolicy Overlap { get; set; } = OverlapPolicy.Skip;

    /// <summary>With <see cref="OverlapPolicy.Allow"/>: how many runs per concurrency key may run at once. Default: 1.</summary>
    public int MaxConcurrency { get; set; } = 1;

    /// <summary>What the overlap policy counts runs by. Default: <see cref="ConcurrencyScope.Job"/>.</summary>
    public ConcurrencyScope ConcurrencyScope { get; set; } = ConcurrencyScope.Job;

    /// <summary>How many times a run is attempted in all before it is recorded as <c>failed</c>. Default: 1 (no retry).</summary>
    public int MaxAttempts { get; set; } = 1;

    /// <summary>The delay before the first retry, doubled for each later one, with ±20% jitter. Default: 10 seconds.</summary>
    public double RetryBackoffSeconds { get; set; } = 10;

    /// <summary>After this many seconds the run's token is cancelled and the run is recorded as <c>timed-out</c>. Default: 0 (no timeout).</summary>
    public double TimeoutSeconds { get; set; }

    /// <summary>What happens to a run whose host died while it ran. Default: <see cref="RecoveryPolicy.None"/>.</summary>
    public RecoveryPolicy Recovery { get; set; } = RecoveryPolicy.None;

    /// <summary>Keep at most this many run records of the job; 0 uses the host's default. Default: 0.</summary>
    public int RetentionCount { get; set; }

    /// <summary>Keep run records of the job for this many days; 0 uses the host's default. Default: 0.</summary>
    public double RetentionDays { get; set; }

    /// <summary>
    /// Pauses the job after this many consecutive runs ended failed or timed out (retries included only when their last
    /// attempt fails), with the reason recorded and sent to listeners; <c>kairos resume</c> clears it. Default: 0 (never).
    /// </summary>
    public int PauseAfterFailures { get; set; }

    /// <summary>
    /// The configuration key of a setting that must be <c>true</c> for the job to run (the way Metabase checks a setting
    /// before it schedules a task), for example <c>Features:Billing</c>. While it is not, the job is listed as
    /// <see cref="JobState.Disabled"/> with the reason and no fire is made. Default: empty (always runs).
    /// </summary>
    public string EnabledWhen { get; set; } = "";

    /// <summary>
    /// Declares a run-once job under this key (a data migration, the backfill of a new column): it has no trigger; the
    /// first host that loads it, of any host of a cluster, queues exactly one run, recorded in the store's run-once ledger
    /// under the key. It never runs again, across restarts and redeploys, unless an operator asks
    /// (<c>kairos run-once rerun KEY</c>); a new key (say <c>add-column-v2</c>) runs it once more. Letters, digits,
    /// '.', '-', '_' and ':', at most 200 characters. Default: empty (not run-once).
    /// </summary>
    public string RunOnce { get; set; } = "";

    /// <summary>
    /// The job(s) to queue a run of when a run of this job ends <c>succeeded</c>: job ids, comma-separated for several
    /// (<c>"reports.publish, audit.notify"</c>). The queued run's data is a JSON object describing the finished run
    /// (<c>parentRunId</c>, <c>parentJobId</c>, <c>status</c>, <c>scheduledUtc</c>, <c>data</c>, <c>error</c>); it is
    /// written with the outcome, so a crash cannot lose it. A chain that loops back to this job is refused at load.
    /// Default: empty (no chain).
    /// </summary>
    public string OnSuccess { get; set; } = "";

    /// <summary>
    /// The job(s) to queue a run of when a run of this job ends <c>failed</c> after its last attempt, or <c>timed-out</c>:
    /// job ids, comma-separated for several, with the same data as <see cref="OnSuccess"/>. Default: empty (no chain).
    /// </summary>
    public string OnFailure { get; set; } = "";
}
