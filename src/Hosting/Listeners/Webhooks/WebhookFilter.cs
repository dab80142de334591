using Kairos.Host.Text;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>Which events one webhook sends (<see cref="WebhookOptions.Events"/>, <see cref="WebhookOptions.Statuses"/>, <see cref="WebhookOptions.Jobs"/>).</summary>
internal sealed class WebhookFilter
{
    /// <summary>Every event name a webhook may list.</summary>
    public static readonly IReadOnlyList<string> EventNames = ["run-started", "run-ended", "fire-not-run", "job-faulted", "job-paused", "job-resumed"];

    private static readonly HashSet<string> DefaultEvents = new(["run-ended", "job-faulted", "job-paused"], StringComparer.Ordinal);

    private static readonly HashSet<RunStatus> DefaultStatuses = [.. WebhookOptions.DefaultStatuses];

    private readonly HashSet<string>? _events;
    private readonly HashSet<RunStatus>? _statuses;
    private readonly HashSet<string>? _jobs;

    public WebhookFilter(WebhookOptions options)
    {
        _events = options.Events.Count > 0 ? new HashSet<string>(options.Events, StringComparer.Ordinal) : null;
        _statuses = options.Statuses.Count > 0
            ? [.. options.Statuses.Select(s => KebabCase.TryParse<RunStatus>(s, out var status, ignoreCase: true) ? status : RunStatus.Pending)]
            : null;
        _jobs = options.Jobs.Count > 0 ? new HashSet<string>(options.Jobs, StringComparer.Ordinal) : null;
    }

    public bool Sends(SchedulerEvent e)
    {
        if (_jobs is not null && (e.JobId is null || !_jobs.Contains(e.JobId)))
        {
            return false;
        }
        if (!(_events ?? DefaultEvents).Contains(e.Name))
        {
            return false;
        }
        return e switch
        {
            RunEndedEvent ended => (_statuses ?? DefaultStatuses).Contains(ended.Status),
            FireNotRunEvent notRun => _statuses is null || _statuses.Contains(notRun.Status),
            JobPausedEvent paused => _events is not null || paused.By == WebhookOptions.AutoPause,
            _ => true,
        };
    }
}
