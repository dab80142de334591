using System.Collections.Concurrent;
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Kairos.Bench.Harness;

/// <summary>
/// <c>--gc on</c> (latency scenarios): the runtime's own GC events in this process, heard through an
/// <see cref="EventListener"/>: each pause (execution engine suspended to restarted, with the generation collected) and,
/// while <see cref="Counting"/>, the bytes allocated by type (the runtime's allocation ticks, one about every 100 KB).
/// Both contenders run under it alike; it adds a little work to every allocation tick.
/// </summary>
internal sealed class GcPauses : EventListener
{
    private const int GcKeyword = 0x1;
    private const int GcStart = 1;
    private const int RestartEnd = 3;
    private const int SuspendBegin = 9;
    private const int AllocationTick = 10;
    private DateTime _suspended;
    private int _generation = -1;

    public ConcurrentQueue<(DateTime Start, double Ms, int Generation)> Pauses { get; } = new();

    public ConcurrentDictionary<string, long> AllocatedByType { get; } = new(StringComparer.Ordinal);

    /// <summary>Allocation ticks are counted while true (the measured window only).</summary>
    public bool Counting { get; set; }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
        {
            EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)GcKeyword);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        switch (eventData.EventId)
        {
            case SuspendBegin:
                _suspended = eventData.TimeStamp.ToUniversalTime();
                break;
            case GcStart:
                _generation = Convert.ToInt32(eventData.Payload![1], CultureInfo.InvariantCulture);
                break;
            case RestartEnd when _suspended != default:
                Pauses.Enqueue((_suspended, (eventData.TimeStamp.ToUniversalTime() - _suspended).TotalMilliseconds, _generation));
                _suspended = default;
                _generation = -1;
                break;
            case AllocationTick when Counting:
                var type = Payload(eventData, "TypeName") as string ?? "?";
                var bytes = Convert.ToInt64(Payload(eventData, "AllocationAmount64") ?? 100_000L, CultureInfo.InvariantCulture);
                AllocatedByType.AddOrUpdate(type, bytes, (_, sum) => sum + bytes);
                break;
            default:
                break;
        }
    }

    private static object? Payload(EventWrittenEventArgs e, string name) =>
        e.PayloadNames?.IndexOf(name) is { } i and >= 0 ? e.Payload![i] : null;
}
