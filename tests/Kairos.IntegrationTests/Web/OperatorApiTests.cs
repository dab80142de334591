using System.Net;
using static Kairos.IntegrationTests.Web.ApiHost;

namespace Kairos.IntegrationTests.Web;

/// <summary>
/// The operator routes of the HTTP API over real HTTP (cancel, retry, enable, disable, audit). They call
/// KairosOperations' actions, which land with the operations branch of #20: until it is merged these
/// answer 501 and the tests that need them fail; those that check the API's own input rules pass already.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class OperatorApiTests(OpenApiHost host) : IClassFixture<OpenApiHost>
{
    [Fact]
    public async Task Cancel_StopsARunningRun_AndRefusesOneThatIsNotRunningOrUnknown()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        var runId = await host.TriggerAsync(Slow);
        await host.WaitForRunAsync(runId, r => r.GetProperty("status").GetString() == "running");

        Assert.True((await host.PostAsync($"api/runs/{runId}/cancel")).GetProperty("ok").GetBoolean());
        var cancelled = await host.WaitForRunEndAsync(runId, Slow);
        var again = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"api/runs/{runId}/cancel"), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(await host.SendAsync(HttpMethod.Post, "api/runs/0123456789abcdef/cancel"), HttpStatusCode.NotFound);

        Assert.Equal("cancelled", cancelled.GetProperty("status").GetString());
        Assert.Contains(runId, again, StringComparison.Ordinal);
        Assert.Contains("0123456789abcdef", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Retry_RunsAFailedRunAgainWithItsData_AndRefusesASucceededOrUnknownRun()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        var failed = await host.WaitForRunEndAsync(await host.TriggerAsync(Fail, """{"k":1}"""), Fail);
        var succeeded = await host.WaitForRunEndAsync(await host.TriggerAsync(Hello), Hello);

        var retried = await host.PostAsync($"api/runs/{failed.GetProperty("id").GetString()}/retry");
        var rerun = await host.WaitForRunEndAsync(retried.GetProperty("runId").GetString()!, Fail);
        var refused = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"api/runs/{succeeded.GetProperty("id").GetString()}/retry"), HttpStatusCode.BadRequest);
        var unknown = await ProblemAsync(await host.SendAsync(HttpMethod.Post, "api/runs/0123456789abcdef/retry"), HttpStatusCode.NotFound);

        Assert.Equal("failed", failed.GetProperty("status").GetString());
        Assert.NotEqual(failed.GetProperty("id").GetString(), rerun.GetProperty("id").GetString());
        Assert.Equal((Fail, "manual", """{"k":1}""", failed.GetProperty("scheduledUtc").GetString(), 2),
            (rerun.GetProperty("jobId").GetString(), rerun.GetProperty("triggerKey").GetString(), rerun.GetProperty("data").GetString(),
             rerun.GetProperty("scheduledUtc").GetString(), rerun.GetProperty("attempt").GetInt32()));
        Assert.Contains("succeeded", refused, StringComparison.Ordinal);
        Assert.Contains("0123456789abcdef", unknown, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DisableAndEnable_SwitchAJobOffAndOn_AndAnUnknownJobIs404()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);

        Assert.True((await host.PostAsync($"api/jobs/{Hello}/disable", """{"reason":"upstream is down"}""")).GetProperty("ok").GetBoolean());
        var disabled = await host.GetAsync($"api/jobs/{Hello}");
        Assert.True((await host.PostAsync($"api/jobs/{Hello}/enable")).GetProperty("ok").GetBoolean());
        var enabled = await host.GetAsync($"api/jobs/{Hello}");

        Assert.Equal("disabled", disabled.GetProperty("state").GetString());
        Assert.Equal("active", enabled.GetProperty("state").GetString());
        foreach (var action in new[] { "disable", "enable" })
        {
            var detail = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"api/jobs/no.such-job/{action}"), HttpStatusCode.NotFound);
            Assert.StartsWith("unknown job 'no.such-job'", detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Disable_RefusesABodyThatIsNotItsShape_NamingTheField()
    {
        var detail = await ProblemAsync(await host.SendAsync(HttpMethod.Post, $"api/jobs/{Hello}/disable", json: """{"reason":5}"""), HttpStatusCode.BadRequest);

        Assert.StartsWith("the body's field 'reason' is invalid", detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_ShowsWhoDidWhatToAJob_NewestFirst_APageAtATime()
    {
        await host.WaitForJobsAsync(j => j.GetArrayLength() == 3);
        await host.PostAsync($"api/jobs/{Fail}/pause", """{"reason":"audit me"}""");
        await host.PostAsync($"api/jobs/{Fail}/resume");

        var all = await host.GetAsync($"api/audit?job={Fail}");
        var first = await host.GetAsync($"api/audit?job={Fail}&limit=1");
        var second = await host.GetAsync($"api/audit?job={Fail}&limit=1&page={Uri.EscapeDataString(first.GetProperty("nextPage").GetString()!)}");

        var entries = all.GetProperty("entries").EnumerateArray().ToList();
        Assert.Equal(["resume", "pause"], entries.Take(2).Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries.Take(2), e => Assert.Equal(("web", Fail), (e.GetProperty("actor").GetString(), e.GetProperty("jobId").GetString())));
        Assert.Contains("audit me", entries[1].GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(entries[0].GetProperty("id").GetString(), Assert.Single(first.GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(entries[1].GetProperty("id").GetString(), Assert.Single(second.GetProperty("entries").EnumerateArray()).GetProperty("id").GetString());
    }
}
