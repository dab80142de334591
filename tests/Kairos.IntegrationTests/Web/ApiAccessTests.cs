using System.Net;
using Kairos.IntegrationTests.Cluster;
using Kairos.IntegrationTests.Hosting;
using static Kairos.IntegrationTests.Web.ApiHost;

namespace Kairos.IntegrationTests.Web;

/// <summary>
/// The access rules of the HTTP API over real HTTP, against a real host with a full and a read-only token: no token or a
/// wrong one is 401, the read-only token reads and changes nothing, the full token everything, the CLI's endpoint token
/// whatever is set; every refusal is logged without the token. And a host on a non-loopback address without a token
/// does not start.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ApiAccessTests(SecuredApiHost host) : IClassFixture<SecuredApiHost>
{
    private const string Full = SecuredApiHost.FullToken;
    private const string ReadOnly = SecuredApiHost.ReadOnlyToken;

    [Theory]
    [InlineData("GET", "api/jobs", null)]
    [InlineData("GET", "api/runs", null)]
    [InlineData("GET", "openapi/v1.json", null)]
    [InlineData("POST", "api/jobs/api.hello/trigger", null)]
    [InlineData("GET", "api/jobs", "not-the-token")]
    [InlineData("POST", "api/jobs/api.hello/pause", "not-the-token")]
    public async Task ARequestWithoutTheToken_Is401WithABearerChallenge_AndLoggedWithoutTheToken(string method, string path, string? token)
    {
        var response = await host.SendAsync(new HttpMethod(method), path, token);

        var detail = await ProblemAsync(response, HttpStatusCode.Unauthorized);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.StartsWith(token is null ? "no access token" : "the access token sent matches none of this host's", detail, StringComparison.Ordinal);
        await host.Process.WaitForOutputAsync($"Refused {method} /{path} from 127.0.0.1: {detail}", TimeSpan.FromSeconds(10));
        Assert.DoesNotContain("not-the-token", host.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(Full, host.Process.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(ReadOnly, host.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheReadOnlyToken_ReadsEverything_AndChangesNothing()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3, ReadOnly);
        var runId = await host.TriggerAsync(Hello, token: Full);
        await host.WaitForRunEndAsync(runId, Hello, ReadOnly);

        foreach (var path in new[] { "api/jobs", $"api/jobs/{Hello}", "api/runs", $"api/runs/{runId}", "api/info", "api/nodes", "openapi/v1.json" })
        {
            Assert.True((await host.SendAsync(HttpMethod.Get, path, ReadOnly)).IsSuccessStatusCode, path);
        }
        foreach (var (method, path) in new[] { ("POST", $"api/jobs/{Hello}/trigger"), ("POST", $"api/jobs/{Hello}/pause"), ("POST", $"api/jobs/{Hello}/disable"),
                     ("POST", $"api/runs/{runId}/retry"), ("POST", $"api/runs/{runId}/cancel"), ("DELETE", $"api/jobs/{Hello}") })
        {
            var detail = await ProblemAsync(await host.SendAsync(new HttpMethod(method), path, ReadOnly), HttpStatusCode.Forbidden);
            Assert.Equal($"read-only access: {method} /{path} needs the full access token (Kairos:Http:AccessToken)", detail);
        }
        await host.Process.WaitForOutputAsync($"Refused POST /api/jobs/{Hello}/pause from 127.0.0.1 (web): the read-only token reads", TimeSpan.FromSeconds(10));
        Assert.Equal("active", (await host.GetAsync($"api/jobs/{Hello}", ReadOnly)).GetProperty("state").GetString());
        Assert.Equal([runId], (await host.GetAsync($"api/runs?job={Hello}", ReadOnly)).GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task TheFullToken_DoesEverything_AsBearerOrAsTheSignInCookie()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3, Full);

        await host.PostAsync($"api/jobs/{Fail}/pause", """{"reason":"by bearer"}""", Full);
        var paused = await host.GetAsync($"api/jobs/{Fail}", Full);
        var resume = await host.SendAsync(HttpMethod.Post, $"api/jobs/{Fail}/resume", headers: ("Cookie", $"kairos_token={Full}"));

        Assert.Equal(("paused", "by bearer"), (paused.GetProperty("state").GetString(), paused.GetProperty("pauseReason").GetString()));
        Assert.Equal(HttpStatusCode.OK, resume.StatusCode);
        Assert.Equal("active", (await host.GetAsync($"api/jobs/{Fail}", Full)).GetProperty("state").GetString());
        // With a token, the token is the gate: a name other than loopback is fine (a reverse proxy's).
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "api/jobs", Full, headers: ("Host", "kairos.example.com"))).StatusCode);
    }

    [Fact]
    public async Task TheClisEndpointToken_WorksWhateverTokensAreSet_AndTheCliVerbsWorkThroughIt()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3, Full);

        var jobs = await host.SendAsync(HttpMethod.Get, "api/jobs", host.CliToken);
        var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, host.Root, "pause", Slow, "--reason", "from the cli", "--db", host.Db);
        var paused = await host.GetAsync($"api/jobs/{Slow}", ReadOnly);
        var (resumeExit, _, resumeError) = await Cli.RunAsync(ClusterHarness.KairosDll, host.Root, "resume", Slow, "--db", host.Db);

        Assert.Equal(HttpStatusCode.OK, jobs.StatusCode);
        Assert.True(exit == 0, stdout + stderr);
        Assert.Equal(("from the cli", $"cli:{Environment.UserName}"), (paused.GetProperty("pauseReason").GetString(), paused.GetProperty("pausedBy").GetString()));
        Assert.True(resumeExit == 0, resumeError);
        Assert.DoesNotContain(host.CliToken, host.Process.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHostOnANonLoopbackAddressWithoutAToken_DoesNotStart_AndSaysWhy()
    {
        var root = Directory.CreateTempSubdirectory("kairos-open-").FullName;
        try
        {
            var (exit, stdout, stderr) = await Cli.RunAsync(ClusterHarness.KairosDll, root, "run", "--db", Path.Combine(root, "k.db"), "--create", "--http", "http://0.0.0.0:0");

            Assert.Equal(1, exit);
            Assert.Equal(
                "kairos: error: Kairos:Http:Urls has 'http://0.0.0.0:0/', which is not a loopback address: set Kairos:Http:AccessToken (a long random secret) so that every request needs it, or listen on 127.0.0.1",
                stderr.Trim());
            Assert.DoesNotContain("Dashboard at", stdout, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
