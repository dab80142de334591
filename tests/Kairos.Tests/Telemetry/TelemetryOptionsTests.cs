using Kairos.Host.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Kairos.Tests.Telemetry;

public sealed class TelemetryOptionsTests
{
    [Theory]
    [InlineData("false", false, null)]
    [InlineData("", false, null)]
    [InlineData("True", true, null)]
    [InlineData("http://collector:4317", true, "http://collector:4317/")]
    [InlineData("https://otlp.example.com:4318", true, "https://otlp.example.com:4318/")]
    public void TryParseOtlp_ReadsOnOffOrAnEndpoint(string value, bool on, string? endpoint)
    {
        Assert.True(TelemetryOptions.TryParseOtlp(value, out var isOn, out var uri, out _));
        Assert.Equal((on, endpoint), (isOn, uri?.ToString()));
    }

    [Theory]
    [InlineData("yes")]
    [InlineData("collector:4317")]
    [InlineData("ftp://collector")]
    public void TryParseOtlp_RefusesAnythingElse_QuotingIt(string value)
    {
        Assert.False(TelemetryOptions.TryParseOtlp(value, out _, out _, out var problem));
        Assert.Equal($"Kairos:Telemetry:Otlp is '{value}': expected true, false or the collector's http:// or https:// endpoint (http://localhost:4317)", problem);
    }

    [Fact]
    public void AddHostTelemetry_AddsNoOpenTelemetry_ByDefault()
    {
        using var services = Build([]);

        Assert.Null(services.GetService<MeterProvider>());
        Assert.Null(services.GetService<TracerProvider>());
    }

    [Fact]
    public void AddHostTelemetry_ExportsMetricsAndSpans_WhenOtlpIsOn_AndOnlyMetricsForPrometheus()
    {
        using (var otlp = Build(new() { ["Kairos:Telemetry:Otlp"] = "http://127.0.0.1:4317" }))
        {
            Assert.NotNull(otlp.GetService<MeterProvider>());
            Assert.NotNull(otlp.GetService<TracerProvider>());
        }
        using var prometheus = Build(new() { ["Kairos:Telemetry:Prometheus"] = "true" });
        Assert.NotNull(prometheus.GetService<MeterProvider>());
        Assert.Null(prometheus.GetService<TracerProvider>());
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddLogging();
        services.AddHostTelemetry(configuration);
        return services.BuildServiceProvider();
    }
}
