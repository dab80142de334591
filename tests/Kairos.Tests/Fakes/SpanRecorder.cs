using System.Diagnostics;

namespace Kairos.Tests.Fakes;

/// <summary>
/// Records the spans of one activity source (a host's own <see cref="Host.Telemetry.RunActivity"/> source, so tests
/// running side by side do not see each other's), sampled with all their data, once stopped.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    private readonly ActivityListener _listener;
    private readonly Lock _gate = new();
    private readonly List<Activity> _stopped = [];
    private TaskCompletionSource _added = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public SpanRecorder(ActivitySource source)
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = s => ReferenceEquals(s, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Add,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>Waits until <paramref name="count"/> spans have stopped, re-checking after each; returns them in the order they stopped.</summary>
    public async Task<IReadOnlyList<Activity>> WaitForAsync(int count, int timeoutSeconds = 20)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            Task added;
            List<Activity> stopped;
            lock (_gate)
            {
                added = _added.Task;
                stopped = [.. _stopped];
            }
            if (stopped.Count >= count)
            {
                return stopped;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"{stopped.Count} span(s) stopped, {count} expected: {string.Join(", ", stopped.Select(a => a.DisplayName))}");
            }
            await Task.WhenAny(added, Task.Delay(left));
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Add(Activity activity)
    {
        TaskCompletionSource added;
        lock (_gate)
        {
            _stopped.Add(activity);
            added = _added;
            _added = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        added.TrySetResult();
    }
}
