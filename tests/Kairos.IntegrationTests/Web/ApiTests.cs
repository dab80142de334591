using System.Net;
using System.Text.Json;
using static Kairos.IntegrationTests.Web.ApiHost;

namespace Kairos.IntegrationTests.Web;

/// <summary>
/// Every endpoint of the HTTP API over real HTTP against a real host with no token (open to this machine only): its
/// answers in the CLI's <c>--json</c> shapes, its errors as problem details naming what was wrong, and its OpenAPI document.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ApiTests(OpenApiHost host) : IClassFixture<OpenApiHost>
{
    private static readonly string[] AllJobs = [Fail, Hello, Slow];

    [Fact]
    public async Task JobsAndJob_ShowEveryJobInTheClisShape_AndTheTriggerWithDataRunsWithItsLog()
    {
        var jobs = await host.WaitForJobsAsync(j => j.GetArrayLength() == 3 && j.EnumerateArray().All(x => x.GetProperty("state").GetString() == "active"));
        Assert.Equal(AllJobs, jobs.EnumerateArray().Select(j => j.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        var job = await host.GetAsync($"api/jobs/{Hello}");
        Assert.Equal((Hello, "script:hello.csx", "0 0 1 1 *", "UTC", "default"),
            (job.GetProperty("id").GetString(), job.GetProperty("source").GetString(), job.GetProperty("schedule").GetString(),
             job.GetProperty("timeZone").GetString(), Assert.Single(job.GetProperty("triggers").EnumerateArray()).GetProperty("key").GetString()));
        Assert.Equal(JsonSerializer.Serialize(Job(jobs, Hello)), JsonSerializer.Serialize(job));

        var runId = await host.TriggerAsync(Hello, """{"n":7}""");
        var run = await host.WaitForRunEndAsync(runId, Hello);

        Assert.Equal((runId, Hello, "manual", "succeeded", """{"n":7}""", 1),
            (run.GetProperty("id").GetString(), run.GetProperty("jobId").GetString(), run.GetProperty("triggerKey").GetString(),
             run.GetProperty("status").GetString(), run.GetProperty("data").GetString(), run.GetProperty("attempt").GetInt32()));
        Assert.Contains(run.GetProperty("log").EnumerateArray(), l => l.GetString()!.Contains("""hello ran with {"n":7}""", StringComparison.Ordinal));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$", run.GetProperty("endedUtc").GetString());
    }

    [Fact]
    public async Task Runs_FilterByJobStatusAndTrigger_AndPageWithTheNextPageToken()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        string[] ids = [await host.TriggerAsync(Hello), await host.TriggerAsync(Hello), await host.TriggerAsync(Hello)];
        foreach (var id in ids)
        {
            await host.WaitForRunEndAsync(id, Hello);
        }
        var failed = await host.WaitForRunEndAsync(await host.TriggerAsync(Fail), Fail);

        var first = await host.GetAsync($"api/runs?job={Hello}&trigger=manual&limit=2");
        var second = await host.GetAsync($"api/runs?job={Hello}&trigger=manual&limit=2&page={Uri.EscapeDataString(first.GetProperty("nextPage").GetString()!)}");
        var onlyFailed = await host.GetAsync("api/runs?status=failed");
        var all = await host.GetAsync("api/runs");
        var none = await host.GetAsync($"api/runs?job={Hello}&to=2020-01-01T00:00:00Z");

        var paged = first.GetProperty("runs").EnumerateArray().Concat(second.GetProperty("runs").EnumerateArray()).Select(r => r.GetProperty("id").GetString()).ToList();
        Assert.Equal(2, first.GetProperty("runs").GetArrayLength());
        Assert.Equal(Enumerable.Reverse(ids), paged.Take(3));
        Assert.Equal([failed.GetProperty("id").GetString()], onlyFailed.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("id").GetString()));
        Assert.Equal(JsonValueKind.Null, all.GetProperty("nextPage").ValueKind);
        Assert.Contains(all.GetProperty("runs").EnumerateArray(), r => r.GetProperty("id").GetString() == ids[0]);
        Assert.Empty(none.GetProperty("runs").EnumerateArray());
        Assert.Equal(("InvalidOperationException", "api.fail fails on purpose"),
            (failed.GetProperty("error").GetProperty("type").GetString()?.Split('.')[^1], failed.GetProperty("error").GetProperty("message").GetString()));
    }

    [Fact]
    public async Task PauseAndResume_RecordTheReasonTheEndAndTheActor()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);

        Assert.True((await host.PostAsync($"api/jobs/{Slow}/pause", """{"reason":"maintenance window","until":"1h"}""")).GetProperty("ok").GetBoolean());
        var paused = await host.GetAsync($"api/jobs/{Slow}");
        Assert.True((await host.PostAsync($"api/jobs/{Slow}/resume")).GetProperty("ok").GetBoolean());
        var resumed = await host.GetAsync($"api/jobs/{Slow}");
        Assert.True((await host.PostAsync($"api/jobs/{Slow}/pause")).GetProperty("ok").GetBoolean());
        var pausedWithoutBody = await host.GetAsync($"api/jobs/{Slow}");
        await host.PostAsync($"api/jobs/{Slow}/resume");

        Assert.Equal(("paused", "maintenance window", "web"),
            (paused.GetProperty("state").GetString(), paused.GetProperty("pauseReason").GetString(), paused.GetProperty("pausedBy").GetString()));
        Assert.InRange(paused.GetProperty("pausedUntilUtc").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(55), DateTimeOffset.UtcNow.AddMinutes(61));
        Assert.Equal(("active", JsonValueKind.Null), (resumed.GetProperty("state").GetString(), resumed.GetProperty("pausedBy").ValueKind));
        Assert.Equal(("paused", JsonValueKind.Null), (pausedWithoutBody.GetProperty("state").GetString(), pausedWithoutBody.GetProperty("pausedUntilUtc").ValueKind));
    }

    [Fact]
    public async Task InfoAndNodes_ShowTheHostItsJobsAndWhatItRunsNow()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        var runId = await host.TriggerAsync(Slow);
        await host.Process.WaitForOutputAsync("slow started", TimeSpan.FromSeconds(60));
        await host.WaitForRunAsync(runId, r => r.GetProperty("status").GetString() == "running");

        var info = await host.GetAsync("api/info");
        var nodes = await host.GetAsync("api/nodes");

        Assert.Equal((true, "litedb"), (info.GetProperty("hostRunning").GetBoolean(), info.GetProperty("storeKind").GetString()));
        Assert.Equal(AllJobs, info.GetProperty("runnableJobs").EnumerateArray().Select(j => j.GetString()));
        Assert.Contains(info.GetProperty("running").EnumerateArray(), r => r.GetProperty("id").GetString() == runId);
        var node = Assert.Single(nodes.EnumerateArray());
        Assert.Equal((info.GetProperty("node").GetString(), "alive"), (node.GetProperty("node").GetString(), node.GetProperty("state").GetString()));
        Assert.Equal(AllJobs, node.GetProperty("runnableJobIds").EnumerateArray().Select(j => j.GetString()));
        Assert.InRange(node.GetProperty("lastHeartbeatUtc").GetDateTimeOffset(), DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        var running = Assert.Single(node.GetProperty("running").EnumerateArray(), r => r.GetProperty("runId").GetString() == runId);
        Assert.Equal(Slow, running.GetProperty("jobId").GetString());
        Assert.Equal(node.GetProperty("startedUtc").GetString(), info.GetProperty("nodes")[0].GetProperty("startedUtc").GetString());
    }

    [Theory]
    [InlineData("GET", "api/jobs/no.such-job", null)]
    [InlineData("POST", "api/jobs/no.such-job/trigger", null)]
    [InlineData("POST", "api/jobs/no.such-job/pause", """{"reason":"x"}""")]
    [InlineData("POST", "api/jobs/no.such-job/resume", null)]
    [InlineData("DELETE", "api/jobs/no.such-job", null)]
    [InlineData("GET", "api/runs?job=no.such-job", null)]
    [InlineData("GET", "api/stats?job=no.such-job", null)]
    public async Task AnUnknownJob_Is404_WithADetailThatNamesIt(string method, string path, string? body)
    {
        var detail = await ProblemAsync(await host.SendAsync(new HttpMethod(method), path, json: body), HttpStatusCode.NotFound);

        Assert.StartsWith("unknown job 'no.such-job'", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnUnknownRun_Is404_WithADetailThatNamesIt()
    {
        var detail = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "api/runs/0123456789abcdef"), HttpStatusCode.NotFound);

        Assert.Contains("'0123456789abcdef'", detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GET", "api/runs?limit=abc", null, "limit 'abc' is invalid: expected a positive whole number")]
    [InlineData("GET", "api/runs?limit=0", null, "limit '0' is invalid")]
    [InlineData("GET", "api/runs?status=bogus", null, "unknown status 'bogus': expected one of pending, running, succeeded")]
    [InlineData("GET", "api/runs?from=yesterday", null, "--from 'yesterday' is not an instant")]
    [InlineData("GET", "api/runs?page=garbage", null, "page token 'garbage' is invalid")]
    [InlineData("POST", "api/jobs/api.hello/trigger", "{oops", "data '{oops' is not valid JSON")]
    [InlineData("POST", "api/jobs/api.hello/pause", """{"until":5}""", "the body's field 'until' is invalid")]
    [InlineData("POST", "api/jobs/api.hello/pause", """{"until":"soon"}""", "--until 'soon' is neither an instant nor a duration")]
    [InlineData("POST", "api/jobs/api.hello/pause", """{"until":"2020-01-01T00:00:00Z"}""", "pause until 2020-01-01T00:00:00Z is not in the future")]
    [InlineData("POST", "api/jobs/api.hello/pause", "[1]", "the body '[1]' is not the JSON expected")]
    [InlineData("DELETE", "api/jobs/api.hello?history=maybe", null, "history 'maybe' is invalid: expected keep or delete")]
    [InlineData("GET", "api/stats?since=soon", null, "--since 'soon' is not a duration")]
    [InlineData("GET", "api/audit?limit=-1", null, "limit '-1' is invalid")]
    public async Task BadInput_Is400_WithADetailThatNamesTheFieldAndValue(string method, string path, string? body, string expected)
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);

        var detail = await ProblemAsync(await host.SendAsync(new HttpMethod(method), path, json: body), HttpStatusCode.BadRequest);

        Assert.StartsWith(expected, detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheOpenApiDocument_DescribesEveryRouteWithItsAnswersAndProblems()
    {
        var document = await host.GetAsync("openapi/v1.json");

        var paths = document.GetProperty("paths");
        var operations = paths.EnumerateObject()
            .SelectMany(p => p.Value.EnumerateObject().Select(o => (Route: $"{o.Name.ToUpperInvariant()} {p.Name}", Operation: o.Value)))
            .ToDictionary(o => o.Route, o => o.Operation);
        Assert.Equal(
            [
                "DELETE /api/jobs/{id}", "GET /api/audit", "GET /api/info", "GET /api/jobs", "GET /api/jobs/{id}", "GET /api/jobs/{id}/explain", "GET /api/nodes", "GET /api/run-once", "GET /api/runs",
                "GET /api/runs/{id}", "GET /api/stats", "POST /api/jobs/{id}/backfill", "POST /api/jobs/{id}/disable", "POST /api/jobs/{id}/enable", "POST /api/jobs/{id}/pause",
                "POST /api/jobs/{id}/resume", "POST /api/jobs/{id}/trigger", "POST /api/run-once/{key}/rerun", "POST /api/runs/{id}/cancel", "POST /api/runs/{id}/retry",
            ],
            operations.Keys.Order(StringComparer.Ordinal));
        Assert.All(operations.Values, o =>
        {
            Assert.False(string.IsNullOrEmpty(o.GetProperty("operationId").GetString()));
            Assert.False(string.IsNullOrEmpty(o.GetProperty("summary").GetString()));
            Assert.True(o.GetProperty("responses").TryGetProperty("401", out _));
        });
        var getJob = operations["GET /api/jobs/{id}"];
        Assert.Equal("GetJob", getJob.GetProperty("operationId").GetString());
        Assert.Equal("#/components/schemas/JobView", getJob.GetProperty("responses").GetProperty("200").GetProperty("content").GetProperty("application/json").GetProperty("schema").GetProperty("$ref").GetString());
        Assert.True(getJob.GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _));
        var schemas = document.GetProperty("components").GetProperty("schemas");
        Assert.Contains("timed-out", schemas.GetProperty("RunStatus").GetProperty("enum").EnumerateArray().Select(e => e.GetString()));
        Assert.True(schemas.GetProperty("RunView").GetProperty("properties").TryGetProperty("triggerKey", out _));
        Assert.Equal("bearer", document.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
    }

    [Fact]
    public async Task AWrongHost_IsRefused_WithoutAToken_AsADnsRebindingPageWouldSendIt()
    {
        var detail = await ProblemAsync(await host.SendAsync(HttpMethod.Get, "api/jobs", headers: ("Host", "kairos.evil.example")), HttpStatusCode.Forbidden);

        Assert.StartsWith("Host 'kairos.evil.example' is not a loopback name or address", detail, StringComparison.Ordinal);
        await host.Process.WaitForOutputAsync("Refused GET /api/jobs from 127.0.0.1: Host 'kairos.evil.example'", TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, (await host.SendAsync(HttpMethod.Get, "api/jobs", headers: ("Host", "localhost"))).StatusCode);
    }

    [Theory]
    [InlineData("Origin", "http://evil.example")]
    [InlineData("Sec-Fetch-Site", "cross-site")]
    public async Task ACrossSiteWrite_IsRefused_AndChangesNothing(string header, string value)
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);

        var detail = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"api/jobs/{Hello}/pause", headers: (header, value)), HttpStatusCode.Forbidden);

        Assert.StartsWith($"cross-site request refused: {header} is '{value}'", detail, StringComparison.Ordinal);
        Assert.Equal("active", (await host.GetAsync($"api/jobs/{Hello}")).GetProperty("state").GetString());
        await host.Process.WaitForOutputAsync($"Refused POST /api/jobs/{Hello}/pause from 127.0.0.1 (web): cross-site request refused: {header}", TimeSpan.FromSeconds(10));
        var sameOrigin = await host.SendAsync(HttpMethod.Post, $"api/jobs/{Hello}/resume", headers: ("Origin", host.Url.TrimEnd('/')));
        Assert.Equal(HttpStatusCode.OK, sameOrigin.StatusCode);
    }

    [Fact]
    public async Task Stats_CountsAJobsRunsByStatusWithDurations()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        await host.WaitForRunEndAsync(await host.TriggerAsync(Hello), Hello);

        var stats = await host.GetAsync($"api/stats?job={Hello}&since=1h");
        var everything = await host.GetAsync("api/stats");

        Assert.Equal(Hello, stats.GetProperty("jobId").GetString());
        Assert.True(stats.GetProperty("runs").GetInt32() >= 1, stats.ToString());
        Assert.True(stats.GetProperty("byStatus").GetProperty("succeeded").GetInt32() >= 1, stats.ToString());
        Assert.NotEqual(JsonValueKind.Null, stats.GetProperty("durationMs").ValueKind);
        Assert.Equal(JsonValueKind.Null, everything.GetProperty("jobId").ValueKind);
    }
}
