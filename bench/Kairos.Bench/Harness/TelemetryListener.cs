using System.Diagnostics;
using System.Diagnostics.Metrics;
using Kairos.Host.Telemetry;

namespace Kairos.Bench.Harness;

/// <summary>
/// <c>--telemetry on</c>: a <see cref="MeterListener"/> on every instrument of the <c>Kairos</c> meter and an
/// <see cref="ActivityListener"/> that samples every run span with all its data, as an OpenTelemetry SDK attached to
/// the host would; they only count what they receive, so the figure is what the instruments and spans cost the engine.
/// </summary>
internal sealed class TelemetryListener : IDisposable
{
    private readonly MeterListener _meters = new();
    private readonly ActivityListener _spans;
    private long _measurements;
    private long _stopped;

    public TelemetryListener()
    {
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == KairosTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<int>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref _measurements));
        _meters.Start();
        _spans = new ActivityListener
        {
            ShouldListenTo = s => s.Name == KairosTelemetry.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _ => Interlocked.Increment(ref _stopped),
        };
        ActivitySource.AddActivityListener(_spans);
    }

    /// <summary>Measurements received (observable gauges are never collected here).</summary>
    public long Measurements => Interlocked.Read(ref _measurements);

    /// <summary>Run spans stopped.</summary>
    public long Spans => Interlocked.Read(ref _stopped);

    public void Dispose()
    {
        _meters.Dispose();
        _spans.Dispose();
    }
}
