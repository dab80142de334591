using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Samples;

/// <summary>
/// The sample app of README "Using Kairos from code" (samples/WebApp), run as a process: a request handler triggers a
/// job with the request's data through <see cref="IScheduler"/>, the run is read back over HTTP, a failing run is
/// retried and reported by the app's listener, and appsettings.json's override moves the digest's schedule.
/// </summary>
public sealed class WebAppSampleTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("kairos-webapp-");

    public void Dispose() => _work.Delete(recursive: true);

    [Fact]
    public async Task ASignupRequest_TriggersTheWelcomeJobWithItsData_AndAFailingOneIsRetriedAndReported()
    {
        var port = FreePort();
        var dll = ClusterHarness.Built("samples/WebApp", "Kairos.Samples.WebApp.dll");
        using var app = HostProcess.Start("webapp", dll, [], new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["Kairos__DatabasePath"] = Path.Combine(_work.FullName, "data", "webapp.db"),
        }, workingDirectory: Path.GetDirectoryName(dll));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromSeconds(30) };
        await app.WaitForOutputAsync("Now listening on", TimeSpan.FromSeconds(60));

        var ok = await PostSignupAsync(http, new { email = "ana@example.com", name = "Ana" });
        var bounced = await PostSignupAsync(http, new { email = "bob@example.invalid" });
        var succeeded = await OutcomeAsync(http, ok);
        await app.WaitForOutputAsync("Mail to ana@example.com: Welcome, Ana!", TimeSpan.FromSeconds(30));
        // Three attempts (MaxAttempts = 3) two seconds apart, each reported by the app's listener.
        await app.WaitForOutputAsync("attempt 3 ended Failed", TimeSpan.FromSeconds(60));
        var jobs = await http.GetFromJsonAsync<JsonElement>("/jobs");
        var missing = await http.GetAsync("/runs/no-such-run");
        var empty = await http.PostAsJsonAsync("/signups", new { email = "" });
        // Kairos's API and dashboard, mounted in the app: the same runs, the CLI's shapes.
        var history = await http.GetFromJsonAsync<JsonElement>($"/kairos/api/runs?job={SendWelcomeId}");
        var unknown = await http.GetAsync("/kairos/api/jobs/nope");
        var dashboard = await http.GetAsync("/kairos");

        Assert.Equal("succeeded", succeeded.GetProperty("status").GetString());
        Assert.Equal("welcome.send", succeeded.GetProperty("jobId").GetString());
        Assert.Contains("ana@example.com", succeeded.GetProperty("dataJson").GetString());
        Assert.Contains("attempt 1 ended Retrying: mail to 'bob@example.invalid' bounced", app.Output);
        var digest = jobs.EnumerateArray().Single(j => j.GetProperty("id").GetString() == "welcome.digest");
        var trigger = digest.GetProperty("triggers")[0];
        Assert.Equal("30 7 * * *", trigger.GetProperty("spec").GetProperty("cronExpression").GetString());
        Assert.Equal("Europe/Paris", trigger.GetProperty("spec").GetProperty("timeZone").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/runs/no-such-run/outcome?seconds=1")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Contains(history.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == ok && r.GetProperty("status").GetString() == "succeeded");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("unknown job 'nope'", await unknown.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("welcome.digest", await dashboard.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private const string SendWelcomeId = "welcome.send";

    private static async Task<string> PostSignupAsync(HttpClient http, object signup)
    {
        var response = await http.PostAsJsonAsync("/signups", signup);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("runId").GetString()!;
    }

    /// <summary>The app's <c>GET /runs/ID/outcome</c>, which answers when the run has ended (IScheduler.WaitForRunAsync).</summary>
    private static async Task<JsonElement> OutcomeAsync(HttpClient http, string runId)
    {
        var response = await http.GetAsync($"/runs/{runId}/outcome?seconds=60");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }
}
