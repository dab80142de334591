using System.Diagnostics.Metrics;

namespace Kairos.Tests.Fakes;

/// <summary>
/// Records every measurement of the instruments of the meters one <see cref="IMeterFactory"/> made (a host's own, so
/// tests running side by side do not see each other's), as the <see cref="MeterListener"/> of an exporter would.
/// </summary>
internal sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly Lock _gate = new();
    private readonly List<Measured> _measurements = [];
    private readonly Dictionary<string, Instrument> _instruments = new(StringComparer.Ordinal);
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public MetricRecorder(IMeterFactory scope)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, scope))
            {
                lock (_gate)
                {
                    _instruments[instrument.Name] = instrument;
                }
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<int>((i, v, t, _) => Add(i, v, t));
        _listener.SetMeasurementEventCallback<double>((i, v, t, _) => Add(i, v, t));
        _listener.Start();
    }

    /// <summary>The measurements of <paramref name="name"/> so far.</summary>
    public IReadOnlyList<Measured> Of(string name)
    {
        lock (_gate)
        {
            return [.. _measurements.Where(m => m.Name == name)];
        }
    }

    /// <summary>The instrument named <paramref name="name"/>, once published.</summary>
    public Instrument Instrument(string name)
    {
        lock (_gate)
        {
            return _instruments.TryGetValue(name, out var instrument) ? instrument : throw new InvalidOperationException($"no instrument '{name}' was published");
        }
    }

    /// <summary>Reads the observable instruments now (a collection).</summary>
    public void Observe() => _listener.RecordObservableInstruments();

    /// <summary>Waits until <paramref name="condition"/> holds for the measurements of <paramref name="name"/>, re-checking after each new measurement.</summary>
    public async Task<IReadOnlyList<Measured>> WaitForAsync(string name, Func<IReadOnlyList<Measured>, bool> condition, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            Task added;
            lock (_gate)
            {
                added = _added.Task;
            }
            var measured = Of(name);
            if (condition(measured))
            {
                return measured;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"measurements of {name} never matched; they are: {string.Join(", ", measured)}");
            }
            await Task.WhenAny(added, Task.Delay(left));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct
    {
        var measured = new Measured(instrument.Name, instrument.Unit, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture),
            tags.ToArray().ToDictionary(t => t.Key, t => t.Value));
        TaskCompletionSource added;
        lock (_gate)
        {
            _measurements.Add(measured);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }

    /// <summary>One measurement: its instrument's name and unit, its value and its attributes.</summary>
    internal sealed record Measured(string Name, string? Unit, double Value, IReadOnlyDictionary<string, object?> Tags)
    {
        public object? this[string tag] => Tags.TryGetValue(tag, out var value) ? value : null;

        public override string ToString() => $"{Name}={Value} {{{string.Join(", ", Tags.Select(t => $"{t.Key}={t.Value}"))}}}";
    }
}
