namespace Kairos.Host.Telemetry;

/// <summary>
/// The names under which Kairos publishes its metrics (a <see cref="System.Diagnostics.Metrics.Meter"/>) and its run
/// spans (an <see cref="System.Diagnostics.ActivitySource"/>), for an app's own OpenTelemetry setup:
/// <c>.WithMetrics(m =&gt; m.AddMeter(KairosTelemetry.MeterName))</c> and
/// <c>.WithTracing(t =&gt; t.AddSource(KairosTelemetry.ActivitySourceName))</c>.
/// </summary>
public static class KairosTelemetry
{
    /// <summary>The name of the meter of Kairos's instruments: <c>Kairos</c>.</summary>
    public const string MeterName = "Kairos";

    /// <summary>The name of the activity source of Kairos's run spans: <c>Kairos</c>.</summary>
    public const string ActivitySourceName = "Kairos";
}
