using System.Diagnostics.CodeAnalysis;

namespace Kairos.Host.Telemetry;

/// <summary>
/// What the <c>kairos</c> executable exports of the <c>Kairos</c> meter and run spans (section <c>Kairos:Telemetry</c>).
/// An app that embeds Kairos adds the meter and the source to its own OpenTelemetry setup instead
/// (<see cref="KairosTelemetry"/>) and does not read these.
/// </summary>
internal sealed class TelemetryOptions
{
    /// <summary>The configuration section: <c>Kairos:Telemetry</c>.</summary>
    public const string SectionName = "Kairos:Telemetry";

    /// <summary>
    /// OTLP export of metrics and traces: <c>false</c> (or empty) for none; <c>true</c> to export where the standard
    /// <c>OTEL_EXPORTER_OTLP_*</c> variables say (<c>http://localhost:4317</c>, gRPC, by default); or the collector's
    /// endpoint URL (the variables still set the protocol, headers and the rest). Default: <c>false</c>.
    /// </summary>
    public string Otlp { get; set; } = "false";

    /// <summary>
    /// Serve the metrics in Prometheus's text format at <c>/metrics</c> on the host's web server (<c>Kairos:Http:Urls</c>),
    /// with the API's access rules. Default: <c>false</c>.
    /// </summary>
    public bool Prometheus { get; set; }

    /// <summary>
    /// Reads <see cref="Otlp"/>: false when off; true when on, with <paramref name="endpoint"/> the URL given, or null for
    /// the <c>OTEL_EXPORTER_OTLP_*</c> variables'. Throws <see cref="FormatException"/> for a value that is none of these.
    /// </summary>
    public bool TryGetOtlp(out Uri? endpoint)
    {
        if (!TryParseOtlp(Otlp, out var on, out endpoint, out var problem))
        {
            throw new FormatException(problem);
        }
        return on;
    }

    /// <summary>Parses an <see cref="Otlp"/> value; false with <paramref name="problem"/> when it is not one.</summary>
    public static bool TryParseOtlp(string? value, out bool on, out Uri? endpoint, [NotNullWhen(false)] out string? problem)
    {
        on = false;
        endpoint = null;
        problem = null;
        var text = value?.Trim() ?? "";
        if (text.Length == 0 || bool.TryParse(text, out on))
        {
            return true;
        }
        if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https")
        {
            on = true;
            endpoint = uri;
            return true;
        }
        problem = $"Kairos:Telemetry:Otlp is '{value}': expected true, false or the collector's http:// or https:// endpoint (http://localhost:4317)";
        return false;
    }
}
