using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Operations.Endpoint;
using Kairos.Web.Api;
using Kairos.Web.Dashboard;
using Kairos.Web.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Web.Http;

/// <summary>
/// Kairos's own web server (<see cref="KairosWebBuilderExtensions.AddKairosHttpServer"/>): a Kestrel app of its own
/// beside the scheduler's host, serving the API at <c>/api</c>, its OpenAPI document at <c>/openapi/v1.json</c>
/// (<see cref="ApiDocument"/>), the dashboard at <c>/</c>, at
/// <see cref="KairosHttpOptions.Urls"/>. Its endpoints use the scheduler's services; the app holds only ASP.NET Core's.
/// It starts off the start-up path, once the host's first run has ended or <see cref="StartDelay"/> after start (the
/// first fire never waits for it, nor shares the cores with its start); an address it cannot take is logged and the
/// scheduler runs on. Once listening, it writes the control endpoint file beside the store (<see cref="ControlEndpoint"/>:
/// a loopback URL and <see cref="LocalAccess"/>'s token) for the CLI, and deletes it when it stops.
/// </summary>
internal sealed partial class KairosWebServer(
    IServiceProvider services,
    IOptions<KairosOptions> kairos,
    IOptions<KairosHttpOptions> http,
    LocalAccess local,
    RunEndSignal runEnded,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<KairosWebServer> logger) : BackgroundService
{
    /// <summary>
    /// The longest the server waits for the host's first run to end before it starts: building and starting
    /// ASP.NET Core takes a core for a while, which a 2-core machine would otherwise take from the first fire.
    /// </summary>
    public static readonly TimeSpan StartDelay = TimeSpan.FromSeconds(1);

    /// <summary>Where the API lives on this server.</summary>
    public const string ApiPrefix = "/api";

    /// <summary>Where the dashboard lives on this server.</summary>
    public const string DashboardPath = "/";

    private readonly TaskCompletionSource<IReadOnlyList<string>> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The addresses the server listens on, once it does; empty when it is off or could not start.</summary>
    public Task<IReadOnlyList<string>> Listening => _listening.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: once the first run has ended, or StartDelay after start when none ends before.
        var firstRun = runEnded.Next();
        await Task.WhenAny(firstRun, Task.Delay(StartDelay, time, stoppingToken)).ConfigureAwait(false);
        if (stoppingToken.IsCancellationRequested)
        {
            _listening.TrySetResult([]);
            return;
        }
        var urls = HttpAddresses.Parse(http.Value.Urls, out _);
        if (!kairos.Value.ControlApi || urls.Count == 0)
        {
            LogOff(logger);
            _listening.TrySetResult([]);
            return;
        }
        WebApplication app;
        try
        {
            app = Build(urls);
            await app.StartAsync(stoppingToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException)
        {
            LogUnavailable(logger, e, http.Value.Urls, ControlEndpoint.FileFor(kairos.Value.DatabasePath));
            _listening.TrySetResult([]);
            return;
        }
        await using (app.ConfigureAwait(false))
        {
            var addresses = app.Urls.ToList();
            new ControlEndpoint(ForThisMachine(addresses), local.Token).Write(kairos.Value.DatabasePath);
            var dashboard = addresses[0].TrimEnd('/') + DashboardPath;
            LogListening(logger, dashboard, addresses);
            _listening.TrySetResult(addresses);
            try
            {
                await Task.Delay(Timeout.Infinite, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
            finally
            {
                File.Delete(ControlEndpoint.FileFor(kairos.Value.DatabasePath));
                await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private WebApplication Build(IReadOnlyList<Uri> urls)
    {
        // An empty builder: no appsettings.json, environment or command line of its own; Kairos's settings say it all.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().UseKestrelHttpsConfiguration();
        builder.WebHost.UseUrls([.. urls.Select(u => u.GetLeftPart(UriPartial.Authority))]);
        builder.Services.AddRoutingCore();
        builder.Services.Replace(ServiceDescriptor.Singleton(loggers));
        builder.Services.Replace(ServiceDescriptor.Singleton<IHostLifetime, QuietLifetime>());
        KairosWebBuilderExtensions.AddWebServices(builder.Services);
        ApiDocument.Add(builder.Services);
        // The pages' services, from the scheduler's container.
        builder.Services.AddSingleton(ActivatorUtilities.CreateInstance<DashboardServices>(services));
        var app = builder.Build();
        app.UseRouting();
        ApiEndpoints.Map(app, ApiPrefix, services);
        ApiDocument.Map(app, new AccessFilter(services.GetRequiredService<RequestAccess>()));
        DashboardEndpoints.Map(app, DashboardPath, services);
        MetricsEndpoint.Map(app, services);
        return app;
    }

    /// <summary>The address the CLI on this machine calls: the first, with a wildcard host made loopback.</summary>
    private static string ForThisMachine(List<string> addresses)
    {
        var uri = new UriBuilder(addresses.FirstOrDefault(a => a.StartsWith("http:", StringComparison.Ordinal)) ?? addresses[0]);
        if (uri.Host is "0.0.0.0" or "[::]" or "::" or "*" or "+")
        {
            uri.Host = "127.0.0.1";
        }
        return uri.Uri.ToString();
    }

    [LoggerMessage(EventId = 703, Level = LogLevel.Information, Message = "Dashboard at {DashboardUrl} (API under /api; listening on {Addresses})")]
    private static partial void LogListening(ILogger logger, string dashboardUrl, IReadOnlyList<string> addresses);

    [LoggerMessage(EventId = 704, Level = LogLevel.Information, Message = "HTTP is off (Kairos:Http:Urls is empty or Kairos:ControlApi is false): no API, dashboard or CLI access to this host")]
    private static partial void LogOff(ILogger logger);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error,
        Message = "The web server could not listen on {Urls}; the scheduler runs on, but the API, the dashboard and the CLI cannot reach this host (no {EndpointFile})")]
    private static partial void LogUnavailable(ILogger logger, Exception error, string urls, string endpointFile);
}
