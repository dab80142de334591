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
    }

    public Task<string> JobsAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "jobs", cancellationToken);

    public Task<string> HistoryAsync(string? jobId, string? status, int limit, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, $"history?limit={limit}{Param("job", jobId)}{Param("status", status)}", cancellationToken);

    public Task<string> InfoAsync(CancellationToken cancellationToken) => SendAsync(HttpMethod.Get, "info", cancellationToken);

    public Task<string> TriggerAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "trigger/" + Uri.EscapeDataString(jobId), cancellationToken);

    public Task<string> PauseAsync(string jobId, string? reason, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "pause/" + Uri.EscapeDataString(jobId) + (reason is null ? "" : "?reason=" + Uri.EscapeDataString(reason)), cancellationToken);

    public Task<string> ResumeAsync(string jobId, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "resume/" + Uri.EscapeDataString(jobId), cancellationToken);

    public Task<string> RemoveAsync(string jobId, string history, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, "remove/" + Uri.EscapeDataString(jobId) + "?history=" + Uri.EscapeDataString(history), cancellationToken);

    public void Dispose() => _http.Dispose();

    private async Task<string> SendAsync(HttpMethod method, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path);
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
