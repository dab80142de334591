using Kairos.Host.Operations;

namespace Kairos.Host.Cli;

/// <summary>Talks to a running host over its loopback control API.</summary>
internal sealed class RemoteOperationsClient : IOperationsClient
{
    private readonly HttpClient _http;

    public RemoteOperationsClient(ControlEndpoint endpoint)
    {
        _http = new HttpClient { BaseAddress = new Uri(endpoint.Url), Timeout = TimeSpan.FromSeconds(30) };
        _http.DefaultRequestHeaders.Add(ControlEndpoint.TokenHeader, endpoint.Token);
        _http.DefaultRequestHeaders.Add(ControlEndpoint.ActorHeader, LocalOperationsClient.CliActor);
    }

    public Task<string> JobsAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "jobs", cancellationToken);

    public Task<string> HistoryAsync(HistoryRequest request, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"history?limit={request.Limit}{Param("job", request.JobId)}{Param("status", request.Status)}"
            + $"{Param("trigger", request.TriggerKey)}{Param("from", request.From)}{Param("to", request.To)}", cancellationToken);

    public Task<string> RunAsync(string runId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, "run/" + Uri.EscapeDataString(runId), cancellationToken);

    public Task<string> InfoAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "info", cancellationToken);

    public Task<string> TriggerAsync(string jobId, string? dataJson, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "trigger/" + Uri.EscapeDataString(jobId), cancellationToken, content: dataJson);

    public Task<string> PauseAsync(string jobId, string? reason, string? until, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "pause/" + Uri.EscapeDataString(jobId) + "?" + $"{Param("reason", reason)}{Param("until", until)}".TrimStart('&'), cancellationToken);

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "resume/" + Uri.EscapeDataString(jobId), cancellationToken);

    public Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "remove/" + Uri.EscapeDataString(jobId) + "?history=" + Uri.EscapeDataString(history), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken, string? content = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (content is not null)
        {
            request.Content = new StringContent(content, System.Text.Encoding.UTF8, "application/json");
        }
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            var error = TryError(body) ?? $"control API answered {(int)response.StatusCode}";
            throw new OperationException(error);
        }
        return body;
    }

    private static string? TryError(string body)
    {
        try
        {
            return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("error").GetString();
        }
        catch (Exception e) when (e is System.Text.Json.JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private static string Param(string name, string? value) => value is null ? "" : $"&{name}={Uri.EscapeDataString(value)}";
}
