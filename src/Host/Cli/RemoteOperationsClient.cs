using System.Text.Json;
using Kairos.Host.Operations;
using Kairos.Host.Operations.Audit;
using Kairos.Host.Operations.Endpoint;
using Kairos.Host.Operations.Views;

namespace Kairos.Host.Cli;

/// <summary>
/// Talks to a running host over its HTTP API (<c>/api</c>, Kairos.AspNetCore), at the address and with the token of its
/// control endpoint file; the answers are the same JSON the CLI prints with <c>--json</c>. A plain <c>http</c> endpoint on
/// this machine (the usual one) is reached by <see cref="LoopbackHttp"/>, any other by <see cref="HttpClient"/>.
/// </summary>
internal sealed class RemoteOperationsClient : IOperationsClient
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly LoopbackHttp? _loopback;
    private readonly ViaHttpClient? _http;
    private readonly Uri _base;

    public RemoteOperationsClient(ControlEndpoint endpoint)
    {
        var url = new Uri(endpoint.Url);
        _loopback = LoopbackHttp.For(url, [("Authorization", "Bearer " + endpoint.Token), (ControlEndpoint.ActorHeader, LocalOperationsClient.CliActor)], Timeout);
        _http = _loopback is null ? ViaHttpClient.For(endpoint) : null;
        _base = url;
    }

    public Task<string> JobsAsync(CancellationToken cancellationToken) => SendAsync("GET", "api/jobs", cancellationToken);

    /// <summary>The newest runs, a page of the API at a time until <see cref="HistoryRequest.Limit"/>, as one JSON list.</summary>
    public Task<string> HistoryAsync(HistoryRequest request, CancellationToken cancellationToken) =>
        PagesAsync("runs", request.Limit, (left, page) =>
            $"api/runs?limit={left}{Param("job", request.JobId)}{Param("status", request.Status)}"
            + $"{Param("trigger", request.TriggerKey)}{Param("from", request.From)}{Param("to", request.To)}{Param("page", page)}",
            cancellationToken);

    public Task<string> RunAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync("GET", "api/runs/" + Uri.EscapeDataString(runId), cancellationToken);

    public Task<string> InfoAsync(CancellationToken cancellationToken) => SendAsync("GET", "api/info", cancellationToken);

    public Task<string> StatsAsync(string? jobId, string? since, CancellationToken cancellationToken) =>
        SendAsync("GET", $"api/stats?{Param("job", jobId)}{Param("since", since)}".Replace("?&", "?", StringComparison.Ordinal), cancellationToken);

    public Task<string> TriggerAsync(string jobId, string? dataJson, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(jobId) + "/trigger", cancellationToken, content: dataJson);

    public Task<string> PauseAsync(string jobId, string? reason, string? until, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(jobId) + "/pause", cancellationToken,
            content: JsonOutput.Serialize(new { reason, until }));

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(jobId) + "/resume", cancellationToken);

    public Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken) =>
        SendAsync("DELETE", Job(jobId) + "?history=" + Uri.EscapeDataString(history), cancellationToken);

    public Task<string> CancelAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync("POST", Run(runId) + "/cancel", cancellationToken);

    public Task<string> RetryAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync("POST", Run(runId) + "/retry", cancellationToken);

    public Task<string> BackfillAsync(BackfillRequest request, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(request.JobId) + "/backfill", cancellationToken, content: JsonOutput.Serialize(new
        {
            from = request.From, to = request.To, trigger = request.TriggerKey, maxParallel = request.MaxParallel, dryRun = request.DryRun,
        }));

    public Task<string> RunOnceListAsync(CancellationToken cancellationToken) => SendAsync("GET", "api/run-once", cancellationToken);

    public Task<string> RunOnceRerunAsync(string key, CancellationToken cancellationToken) =>
        SendAsync("POST", "api/run-once/" + Uri.EscapeDataString(key) + "/rerun", cancellationToken);

    public Task<string> DisableAsync(string jobId, string? reason, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(jobId) + "/disable", cancellationToken, content: JsonOutput.Serialize(new { reason }));

    public Task<string> EnableAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync("POST", Job(jobId) + "/enable", cancellationToken);

    /// <summary>The newest entries, a page of the API (<c>GET api/audit</c>, an <see cref="AuditPageView"/>) at a time until <paramref name="limit"/>, as one JSON list.</summary>
    public Task<string> AuditAsync(string? jobId, int limit, CancellationToken cancellationToken) =>
        PagesAsync("entries", limit, (left, page) => $"api/audit?limit={left}{Param("job", jobId)}{Param("page", page)}", cancellationToken);

    /// <summary>
    /// The items of a paged list of the API (under <paramref name="items"/>, the next page's token under <c>nextPage</c>), a page
    /// at a time until <paramref name="limit"/>, as one JSON list written as <see cref="JsonOutput"/> writes. Each item is
    /// copied from the page's parsed document as it is: no JSON nodes and no serializer (their start-up was most of
    /// 'kairos history' beyond 'kairos jobs').
    /// </summary>
    /// <param name="items">The answer's property holding the page's items.</param>
    /// <param name="limit">The most items.</param>
    /// <param name="path">The request for a page: the items still wanted, and the page token (null for the first page).</param>
    /// <param name="cancellationToken">Stops the exchange.</param>
    private async Task<string> PagesAsync(string items, int limit, Func<int, string?, string> path, CancellationToken cancellationToken)
    {
        var output = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(output, JsonOutput.WriterOptions))
        {
            writer.WriteStartArray();
            var count = 0;
            string? page = null;
            do
            {
                var body = await SendAsync("GET", path(limit - count, page), cancellationToken).ConfigureAwait(false);
                using var answer = JsonDocument.Parse(body);
                foreach (var item in answer.RootElement.GetProperty(items).EnumerateArray())
                {
                    item.WriteTo(writer);
                    count++;
                }
                page = answer.RootElement.TryGetProperty("nextPage", out var next) && next.ValueKind != JsonValueKind.Null ? next.GetString() : null;
            }
            while (page is not null && count < limit);
            writer.WriteEndArray();
        }
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public Task<string> ExplainAsync(string jobId, string? at, string? trigger, CancellationToken cancellationToken) =>
        SendAsync("GET", $"{Job(jobId)}/explain?{Param("at", at)}{Param("trigger", trigger)}".Replace("?&", "?", StringComparison.Ordinal), cancellationToken);

    public void Dispose() => _http?.Dispose();

    private async Task<string> SendAsync(string method, string path, CancellationToken cancellationToken, string? content = null)
    {
        var (status, reason, body) = _loopback is { } loopback
            ? loopback.Send(method, new Uri(_base, path).PathAndQuery, content, cancellationToken)
            : await _http!.SendAsync(method, path, content, cancellationToken).ConfigureAwait(false);
        if (status is < 200 or > 299)
        {
            var error = TryError(body) ?? $"the host's HTTP API answered {status} {reason}";
            throw new OperationException(error);
        }
        return body;
    }

    private static string? TryError(string body)
    {
        try
        {
            // Problem details (RFC 9457): the sentence is the detail.
            return JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Job(string jobId) => "api/jobs/" + Uri.EscapeDataString(jobId);

    private static string Run(string runId) => "api/runs/" + Uri.EscapeDataString(runId);

    private static string Param(string name, string? value) => value is null ? "" : $"&{name}={Uri.EscapeDataString(value)}";

    /// <summary>The way to an endpoint <see cref="LoopbackHttp"/> cannot reach (https, a host name): <see cref="HttpClient"/>.</summary>
    private sealed class ViaHttpClient : IDisposable
    {
        private readonly HttpClient _http;

        /// <summary>Made in a method of its own, so that a verb that reaches its host by <see cref="LoopbackHttp"/> does not load System.Net.Http.</summary>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        public static ViaHttpClient For(ControlEndpoint endpoint) => new(endpoint);

        private ViaHttpClient(ControlEndpoint endpoint)
        {
            _http = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = Timeout };
            _http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", endpoint.Token);
            _http.DefaultRequestHeaders.Add(ControlEndpoint.ActorHeader, LocalOperationsClient.CliActor);
        }

        public async Task<LoopbackResponse> SendAsync(string method, string path, string? content, CancellationToken cancellationToken)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), path);
            if (content is not null)
            {
                request.Content = new StringContent(content, System.Text.Encoding.UTF8, "application/json");
            }
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new LoopbackResponse((int)response.StatusCode, response.ReasonPhrase ?? "", body);
        }

        public void Dispose() => _http.Dispose();
    }
}
