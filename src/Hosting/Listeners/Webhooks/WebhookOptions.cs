namespace Kairos.Host.Listeners.Webhooks;

/// <summary>
/// One webhook (<c>Kairos:Notifications:Webhooks:N</c>). With no filter it is sent every failed, timed-out and
/// interrupted run, every faulted job (a plugin that does not load, a script that does not compile) and every job
/// paused by auto-pause.
/// </summary>
internal sealed class WebhookOptions
{
    /// <summary>The run-ended statuses sent when <see cref="Statuses"/> is empty.</summary>
    public static readonly IReadOnlyList<RunStatus> DefaultStatuses = [RunStatus.Failed, RunStatus.TimedOut, RunStatus.Interrupted];

    /// <summary>Who pauses a job when it is auto-paused (<see cref="JobPausedEvent.By"/>).</summary>
    public const string AutoPause = "auto-pause";

    /// <summary>Where to POST: an absolute <c>http</c> or <c>https</c> URL. Required.</summary>
    public string? Url { get; set; }

    /// <summary>
    /// The events to send, by name: <c>run-started</c>, <c>run-ended</c>, <c>fire-not-run</c>, <c>job-faulted</c>,
    /// <c>job-paused</c>, <c>job-resumed</c>. Default: <c>run-ended</c>, <c>job-faulted</c> and <c>job-paused</c>, the
    /// latter only when paused by auto-pause (listed here, every pause is sent).
    /// </summary>
    public List<string> Events { get; } = [];

    /// <summary>
    /// The run statuses to send for <c>run-ended</c> and <c>fire-not-run</c> events, in kebab case (<c>timed-out</c>).
    /// Default: <c>failed</c>, <c>timed-out</c> and <c>interrupted</c> for <c>run-ended</c>; every status for <c>fire-not-run</c>.
    /// </summary>
    public List<string> Statuses { get; } = [];

    /// <summary>Only events of these job ids (an event of no job, such as a plugin that fails to load, is then not sent). Default: every job.</summary>
    public List<string> Jobs { get; } = [];

    /// <summary>Headers added to each request (<c>Authorization</c>, say). Default: none.</summary>
    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// How many times a request is sent again after a 5xx, 408 or 429 answer, a connection error or no answer within
    /// <see cref="Timeout"/>. Default: 3.
    /// </summary>
    public int Retries { get; set; } = 3;

    /// <summary>The wait before the first retry, doubled before each next one. Default: 1 second.</summary>
    public TimeSpan RetryBackoff { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long one request may take. Default: 10 seconds.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The entry's configuration path (<c>Kairos:Notifications:Webhooks:0</c>), for messages.</summary>
    internal string Key { get; set; } = NotificationOptions.SectionName + ":Webhooks:0";
}
