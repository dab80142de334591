using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Kairos.Host.Hosting;
using Kairos.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.IntegrationTests.Web;

/// <summary>
/// The HTTP API mounted in an app of its own (WebApplication on a real Kestrel port, AddKairosWeb, MapKairosApi): the
/// app's own authorization policy on the returned builder decides who gets in, and the app's user is the actor.
/// </summary>
public sealed class MountedApiTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-mounted-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task TheAppsPolicy_DecidesWhoGetsIn_AndTheAppsUserIsTheActor()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = _root });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddAuthentication(HeaderAuthentication.Name)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthentication>(HeaderAuthentication.Name, null);
        builder.Services.AddAuthorization(o => o.AddPolicy("ops", p => p.RequireRole("ops")));
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(_root, "kairos.db");
            o.NodeId = "mounted";
        }).AddJob<NothingJob>().AddKairosWeb();
        await using var app = builder.Build();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapKairosApi("/ops/kairos/api").RequireAuthorization("ops");
        await app.StartAsync();
        using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        Task<HttpResponseMessage> Send(HttpMethod method, string path, string? user, string? role = null)
        {
            var request = new HttpRequestMessage(method, "ops/kairos/api/" + path);
            if (user is not null)
            {
                request.Headers.Add(HeaderAuthentication.UserHeader, user);
            }
            if (role is not null)
            {
                request.Headers.Add(HeaderAuthentication.RoleHeader, role);
            }
            return http.SendAsync(request);
        }

        var anonymous = await Send(HttpMethod.Get, "jobs", null);
        var notOps = await Send(HttpMethod.Get, "jobs", "bob");
        var jobs = await ApiHost.JsonAsync(await Send(HttpMethod.Get, "jobs", "ana", "ops"));
        var pause = await Send(HttpMethod.Post, $"jobs/{NothingJob.Id}/pause", "ana", "ops");
        var job = await ApiHost.JsonAsync(await Send(HttpMethod.Get, $"jobs/{NothingJob.Id}", "ana", "ops"));
        var unknown = await ApiHost.ProblemAsync(await Send(HttpMethod.Get, "jobs/no.such-job", "ana", "ops"), HttpStatusCode.NotFound);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, notOps.StatusCode);
        Assert.Equal(NothingJob.Id, Assert.Single(jobs.EnumerateArray()).GetProperty("id").GetString());
        Assert.Equal(HttpStatusCode.OK, pause.StatusCode);
        Assert.Equal(("paused", "web:ana"), (job.GetProperty("state").GetString(), job.GetProperty("pausedBy").GetString()));
        Assert.StartsWith("unknown job 'no.such-job'", unknown, StringComparison.Ordinal);
        await app.StopAsync();
    }

    /// <summary>A job for the app's scheduler to list; it never fires.</summary>
    [Job(Id)]
    public sealed class NothingJob : IJob
    {
        public const string Id = "mounted.nothing";

        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    /// <summary>The app's own sign-in, for the test: the user and role named in two headers.</summary>
    private sealed class HeaderAuthentication(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string Name = "header";
        public const string UserHeader = "X-Test-User";
        public const string RoleHeader = "X-Test-Role";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            var user = Request.Headers[UserHeader].ToString();
            if (user.Length == 0)
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }
            var claims = new List<Claim> { new(ClaimTypes.Name, user) };
            claims.AddRange(Request.Headers[RoleHeader].Select(r => new Claim(ClaimTypes.Role, r!)));
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, Name)), Name)));
        }
    }
}
