using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Kairos.Host.Operations.Endpoint;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Web;

/// <summary>
/// A real <c>kairos run</c> host on <c>--http http://127.0.0.1:0</c> with three script jobs (<see cref="Hello"/>, overlap queue so runs triggered back to back all run, logs its
/// data, <see cref="Fail"/> throws, <see cref="Slow"/> waits five minutes for its cancellation), shared by a test class;
/// requests go to the address its control endpoint file names, with or without a token.
/// </summary>
public abstract class ApiHost : IAsyncLifetime, IDisposable
{
    public const string Hello = "api.hello";
    public const string Fail = "api.fail";
    public const string Slow = "api.slow";

    private readonly string _root = Directory.CreateTempSubdirectory("kairos-api-").FullName;
    private HostProcess? _host;

    protected ApiHost(IReadOnlyDictionary<string, string> environment) => Environment = environment;

    private IReadOnlyDictionary<string, string> Environment { get; }

    public string Db => Path.Combine(_root, "data", "kairos.db");

    public string Root => _root;

    public HostProcess Process => _host ?? throw new InvalidOperationException("the host has not started");

    /// <summary>The API's address (<c>http://127.0.0.1:PORT/</c>), from the endpoint file.</summary>
    public string Url { get; private set; } = "";

    /// <summary>The CLI's token, from the endpoint file.</summary>
    public string CliToken { get; private set; } = "";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(30) };

    public async Task InitializeAsync()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "hello.csx"), $$"""
            // kairos: id = {{Hello}}
            // kairos: cron = 0 0 1 1 *
            // kairos: overlap = queue
            Logger.LogInformation("hello ran with {Data}", DataJson ?? "no data");
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "fail.csx"), $$"""
            // kairos: id = {{Fail}}
            // kairos: cron = 0 0 1 1 *
            // kairos: max-attempts = 1
            throw new InvalidOperationException("api.fail fails on purpose");
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "slow.csx"), $$"""
            // kairos: id = {{Slow}}
            // kairos: cron = 0 0 1 1 *
            Logger.LogInformation("slow started");
            await Task.Delay(TimeSpan.FromMinutes(5), CancellationToken);
            """);
        _host = HostProcess.Start("api", ClusterHarness.KairosDll,
            ["run", "--db", Db, "--scripts", scripts, "--plugins", Directory.CreateDirectory(Path.Combine(_root, "plugins")).FullName, "--create", "--http", "http://127.0.0.1:0"],
            Environment, _root);
        await _host.WaitForOutputAsync("Dashboard at http://127.0.0.1:", TimeSpan.FromSeconds(120));
        var endpoint = ControlEndpoint.Read(Db) ?? throw new InvalidOperationException($"no endpoint file beside {Db}:\n{_host.Output}");
        (Url, CliToken) = (endpoint.Url, endpoint.Token);
        Http.BaseAddress = new Uri(Url);
    }

    public Task DisposeAsync()
    {
        _host?.Stop(TimeSpan.FromSeconds(30));
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _host?.Dispose();
        Http.Dispose();
        Directory.Delete(_root, recursive: true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Sends a request; <paramref name="token"/> as bearer, <paramref name="json"/> as the body; headers added as given.</summary>
    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? token = null, string? json = null, params (string Name, string Value)[] headers)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }
        foreach (var (name, value) in headers)
        {
            if (name == "Host")
            {
                request.Headers.Host = value;
            }
            else
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
        }
        return await Http.SendAsync(request);
    }

    /// <summary>The answer's JSON, after checking its status (the body in the message when it differs).</summary>
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}, expected {(int)expected}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    /// <summary>A problem answer's <c>detail</c>, after checking its status and content type.</summary>
    public static async Task<string> ProblemAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        return problem.GetProperty("detail").GetString()!;
    }

    public async Task<JsonElement> GetAsync(string path, string? token = null) => await JsonAsync(await SendAsync(HttpMethod.Get, path, token));

    public async Task<JsonElement> PostAsync(string path, string? json = null, string? token = null) =>
        await JsonAsync(await SendAsync(HttpMethod.Post, path, token, json));

    /// <summary>Queues a run of the job through the API; its run id.</summary>
    public async Task<string> TriggerAsync(string jobId, string? json = null, string? token = null) =>
        (await PostAsync($"api/jobs/{jobId}/trigger", json, token)).GetProperty("runId").GetString()!;

    /// <summary>Waits for the host to log the run's end (event 501, logged once the outcome is written), then reads it.</summary>
    public async Task<JsonElement> WaitForRunEndAsync(string runId, string jobId, string? token = null)
    {
        await Process.WaitForOutputAsync($"Run {runId} of {jobId} ended ", TimeSpan.FromSeconds(60));
        return await GetAsync("api/runs/" + runId, token);
    }

    /// <summary>Reads the run (each request paces the loop) until it matches, for at most 30 s.</summary>
    public async Task<JsonElement> WaitForRunAsync(string runId, Func<JsonElement, bool> condition, string? token = null)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(30);
        while (true)
        {
            var run = await GetAsync("api/runs/" + runId, token);
            if (condition(run))
            {
                return run;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"run {runId} did not reach the state expected: {run}");
        }
    }

    /// <summary>Reads the jobs until they match, for at most 60 s (the scripts compile after the server listens).</summary>
    public async Task<JsonElement> WaitForJobsAsync(Func<JsonElement, bool> condition, string? token = null)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while (true)
        {
            var jobs = await GetAsync("api/jobs", token);
            if (condition(jobs))
            {
                return jobs;
            }
            Assert.True(DateTimeOffset.UtcNow < deadline, $"the jobs did not reach the state expected: {jobs}");
        }
    }

    public static JsonElement Job(JsonElement jobs, string id) => jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == id);
}

/// <summary>A host with no token: open to this machine only.</summary>
public sealed class OpenApiHost() : ApiHost(new Dictionary<string, string>());

/// <summary>A host with a full and a read-only access token.</summary>
public sealed class SecuredApiHost() : ApiHost(new Dictionary<string, string>
{
    ["KAIROS_Http__AccessToken"] = FullToken,
    ["KAIROS_Http__ReadOnlyToken"] = ReadOnlyToken,
})
{
    public const string FullToken = "full-0f3c9a1e7b2d4c68a5e1";
    public const string ReadOnlyToken = "read-7d2e5b9c1a4f3e80b6d2";
}
