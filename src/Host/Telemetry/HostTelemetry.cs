using System.Runtime.CompilerServices;
using Kairos.Host.Hosting;
using Kairos.Host.Settings;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Kairos.Host.Telemetry;

/// <summary>
/// The <c>kairos</c> executable's export of the <c>Kairos</c> meter and run spans, as <see cref="TelemetryOptions"/>
/// (<c>Kairos:Telemetry</c>) says: OpenTelemetry's SDK with the OTLP exporter (metrics and traces) and the Prometheus
/// exporter (metrics, served at <c>/metrics</c> by the web server). With both off (the default) no SDK is added at all,
/// so a host that exports nothing starts as fast as before.
/// </summary>
internal static class HostTelemetry
{
    /// <summary>The service name the resource carries unless <c>OTEL_SERVICE_NAME</c> gives one.</summary>
    public const string ServiceName = "kairos";

    public static IServiceCollection AddHostTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddStartSettings<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName);

        // Read now: the SDK is registered before the host is built. A bad value registers nothing here and is refused
        // with the other settings when the host checks them (the validator above).
        var options = new TelemetryOptions();
        if (SettingsBinder.Bind(configuration, TelemetryOptions.SectionName, options).Count > 0
            || !TelemetryOptions.TryParseOtlp(options.Otlp, out var otlp, out var endpoint, out _)
            || !(otlp || options.Prometheus))
        {
            return services;
        }
        AddSdk(services, configuration, options, otlp, endpoint);
        return services;
    }

    /// <summary>
    /// OpenTelemetry's SDK and exporters, in a method of its own: the JIT prepares a method with every type its body
    /// names, so registering the SDK inline loaded OpenTelemetry.dll and OpenTelemetry.Api.dll at every start, with
    /// export off (the default) too.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void AddSdk(IServiceCollection services, IConfiguration configuration, TelemetryOptions options, bool otlp, Uri? endpoint)
    {
        var node = configuration[KairosOptions.SectionName + ":" + nameof(KairosOptions.NodeId)] ?? Environment.MachineName;
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource =>
            {
                if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("OTEL_SERVICE_NAME")))
                {
                    resource.AddService(ServiceName, serviceVersion: typeof(HostTelemetry).Assembly.GetName().Version?.ToString(), serviceInstanceId: node);
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(KairosTelemetry.MeterName);
                if (otlp)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint);
                }
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        if (otlp)
        {
            // Spans only where they go somewhere: without a listener the runs make none.
            telemetry.WithTracing(tracing => tracing.AddSource(KairosTelemetry.ActivitySourceName).AddOtlpExporter(o => o.Endpoint = endpoint ?? o.Endpoint));
        }
    }
}
