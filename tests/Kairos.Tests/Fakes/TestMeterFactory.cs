using System.Diagnostics.Metrics;

namespace Kairos.Tests.Fakes;

/// <summary>
/// An <see cref="IMeterFactory"/> whose meters have it as their scope, so a <see cref="MetricRecorder"/> made before a
/// host starts hears only that host's instruments (those made while it starts included).
/// </summary>
internal sealed class TestMeterFactory : IMeterFactory
{
    private readonly List<Meter> _meters = [];

    public Meter Create(MeterOptions options)
    {
        var meter = new Meter(new MeterOptions(options.Name) { Version = options.Version, Tags = options.Tags, Scope = this });
        lock (_meters)
        {
            _meters.Add(meter);
        }
        return meter;
    }

    public void Dispose()
    {
        lock (_meters)
        {
            _meters.ForEach(m => m.Dispose());
            _meters.Clear();
        }
    }
}
