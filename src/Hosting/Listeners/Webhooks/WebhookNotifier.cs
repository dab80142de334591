using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Listeners.Webhooks;

/// <summary>
/// One configured webhook as a listener: POSTs one JSON document (<see cref="WebhookPayload"/>) per event its
/// <see cref="WebhookFilter"/> lets through, and sends it again after a 5xx, 408 or 429 answer, a connection error or no
/// answer in time, waiting <see cref="WebhookOptions.RetryBackoff"/> doubled each time (on the host's clock); after
/// <see cref="WebhookOptions.Retries"/> it gives up with a logged error. Its calls take their own timeout: the worst case
/// of every attempt and wait, so the listener's worker does not cut the retries short.
/// </summary>
internal sealed class WebhookNotifier : ISchedulerListener, IOwnCallTimeout
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };

    private readonly WebhookOptions _options;
    private readonly Uri _url;
    private readonly string _shownUrl;
    private readonly WebhookFilter _filter;
    private readonly HttpClient _http;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public WebhookNotifier(WebhookOptions options, HttpClient http, TimeProvider time, ILogger logger)
    {
        _options = options;
        _url = NotificationOptionsValidator.ParseUrl(options.Url)
            ?? throw new ArgumentException($"{options.Key}:Url is '{options.Url}': expected an absolute http or https URL", nameof(options));
        // Without its query: a token there stays out of the log.
        _shownUrl = _url.GetLeftPart(UriPartial.Path);
        _filter = new WebhookFilter(options);
        _http = http;
        _time = time;
        _logger = logger;
        var backoff = Enumerable.Range(0, options.Retries).Aggregate(TimeSpan.Zero, (sum, i) => sum + Backoff(i));
        CallTimeout = (options.Retries + 1) * options.Timeout + backoff + TimeSpan.FromSeconds(1);
    }

    public TimeSpan CallTimeout { get; }

    /// <summary>The entry's configuration path, as the listener's source.</summary>
    public string Key => _options.Key;

    public ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    public ValueTask OnFireNotRunAsync(FireNotRunEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    public ValueTask OnJobFaultedAsync(JobFaultedEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    public ValueTask OnJobPausedAsync(JobPausedEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    public ValueTask OnJobResumedAsync(JobResumedEvent e, CancellationToken cancellationToken) => SendAsync(e, cancellationToken);

    private ValueTask SendAsync(SchedulerEvent e, CancellationToken cancellationToken) =>
        _filter.Sends(e) ? new ValueTask(PostAsync(e, cancellationToken)) : default;

    private async Task PostAsync(SchedulerEvent e, CancellationToken cancellationToken)
    {
        var body = WebhookPayload.Of(e);
        var jobId = e.JobId ?? "-";
        for (var attempt = 0; ; attempt++)
        {
            string failure;
            try
            {
                using var request = Request(body);
                using var timeout = new CancellationTokenSource(_options.Timeout, _time);
                using var call = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, call.Token).ConfigureAwait(false);
                var status = (int)response.StatusCode;
                if (response.IsSuccessStatusCode)
                {
                    WebhookLog.Sent(_logger, _shownUrl, e.Name, jobId, status);
                    return;
                }
                failure = string.Create(CultureInfo.InvariantCulture, $"HTTP {status} {response.ReasonPhrase}");
                if (!Retryable(response.StatusCode))
                {
                    WebhookLog.GaveUp(_logger, _shownUrl, e.Name, jobId, attempt + 1, failure + " (not retried)");
                    return;
                }
            }
            catch (HttpRequestException error)
            {
                failure = error.Message;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failure = $"no answer within {_options.Timeout}";
            }
            if (attempt >= _options.Retries)
            {
                WebhookLog.GaveUp(_logger, _shownUrl, e.Name, jobId, attempt + 1, failure);
                return;
            }
            var delay = Backoff(attempt);
            // The wait is set before it is logged, so the line means the backoff has begun on the clock.
            var backoff = Task.Delay(delay, _time, cancellationToken);
            WebhookLog.Retrying(_logger, _shownUrl, e.Name, jobId, failure, attempt + 1, _options.Retries, delay);
            await backoff.ConfigureAwait(false);
        }
    }

    private HttpRequestMessage Request(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = Json;
        var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = content };
        foreach (var (name, value) in _options.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, value))
            {
                content.Headers.Remove(name);
                content.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return request;
    }

    /// <summary>The wait before retry <paramref name="retry"/> + 1: the backoff, doubled per earlier retry.</summary>
    private TimeSpan Backoff(int retry) => _options.RetryBackoff * Math.Pow(2, Math.Min(retry, 16));

    private static bool Retryable(HttpStatusCode status) =>
        (int)status >= 500 || status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;
}
