using Kairos.Host.Hosting;
using Kairos.Host.Settings;
using Kairos.Web.Dashboard;
using Kairos.Web.Http;
using Kairos.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kairos.Web;

/// <summary>Adds Kairos's HTTP API and dashboard to a Kairos host: in the app's own ASP.NET Core pipeline, or on a web server of Kairos's own.</summary>
public static class KairosWebBuilderExtensions
{
    /// <summary>
    /// Adds what <see cref="KairosEndpointRouteBuilderExtensions.MapKairosApi"/> and
    /// <see cref="KairosEndpointRouteBuilderExtensions.MapKairosDashboard"/> need in an ASP.NET Core app that embeds
    /// Kairos: the access settings (<see cref="KairosHttpOptions"/>, section <c>Kairos:Http</c>; the app's own
    /// authorization applies on top) and the dashboard's rendering and anti-forgery services.
    /// </summary>
    /// <param name="builder">The Kairos builder.</param>
    /// <returns>The builder.</returns>
    public static IKairosBuilder AddKairosWeb(this IKairosBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddAccess(builder.Services);
        AddWebServices(builder.Services);
        builder.Services.TryAddSingleton<DashboardServices>();
        return builder;
    }

    /// <summary>
    /// Serves the HTTP API (<c>/api</c>), its OpenAPI document and the dashboard (<c>/</c>) on a Kestrel server of
    /// Kairos's own, at <see cref="KairosHttpOptions.Urls"/> (<c>http://127.0.0.1:5080</c> by default), as the
    /// <c>kairos</c> executable does; the CLI finds it through the control endpoint file beside the store. It starts
    /// after the scheduler, so it never delays the first fire, and an address it cannot take is logged, not fatal.
    /// </summary>
    /// <param name="builder">The Kairos builder.</param>
    /// <returns>The builder.</returns>
    public static IKairosBuilder AddKairosHttpServer(this IKairosBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        AddAccess(builder.Services);
        builder.Services.TryAddSingleton<LocalAccess>();
        builder.Services.AddHostedService<KairosWebServer>();
        return builder;
    }

    /// <summary>The Kairos side: the settings (checked at start) and the access rule, in the container that holds the scheduler.</summary>
    private static void AddAccess(IServiceCollection services)
    {
        if (services.Any(d => d.ServiceType == typeof(RequestAccess)))
        {
            return;
        }
        services.AddStartSettings<KairosHttpOptions, KairosHttpOptionsValidator>(KairosHttpOptions.SectionName);
        services.AddSingleton(sp => new RequestAccess(
            sp.GetRequiredService<IOptions<KairosHttpOptions>>().Value, sp.GetService<LocalAccess>(), sp.GetService<ILogger<RequestAccess>>()));
    }

    /// <summary>The ASP.NET Core side, in the container of the app that serves the endpoints.</summary>
    internal static void AddWebServices(IServiceCollection services)
    {
        services.AddRazorComponents();
        services.AddAntiforgery();
        services.TryAddScoped<DashboardRequest>();
    }
}
