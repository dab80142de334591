using System.Collections.Concurrent;

namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// A time zone's offset changes from 1900 to 2200 as sorted UTC instants, found once per 64-day chunk (on first use)
/// and shared by every schedule in the zone: the same answers as <see cref="ZoneOffsets"/> from array reads instead
/// of <see cref="TimeZoneInfo"/> calls, which cost about 100 ns each. Outside those years it asks
/// <see cref="ZoneOffsets"/>. Thread-safe: chunks are immutable, published once.
/// </summary>
/// <remarks>
/// <para>A chunk is built by probing the offset every day and locating each change to the second by bisection. Two
/// changes less than a day apart that cancel out would be missed: no zone of the system tzdata has such a pair from
/// 1970 on (consecutive changes are at least 7 days apart), and the differential test against Cronos would show one.</para>
/// <para><see cref="TimeZoneInfo"/>'s local-time API does not see every change as a gap or a repeated span: some
/// changes of the standard offset (London 1971, Lord Howe 1981) are neither, and around others it reports a repeated
/// span that is not there (Apia, December 2011). Cronos, the reference rules and so this class follow what it says:
/// each change is checked against it when its chunk is built, and a chunk with a change it does not see the plain way
/// sends every local-time question near it to <see cref="ZoneOffsets"/>.</para>
/// </remarks>
internal sealed class ZoneTimeline : IZoneOffsets
{
    private const long Second = TimeSpan.TicksPerSecond;
    private const long Day = TimeSpan.TicksPerDay;
    private const long ChunkLength = 64 * Day;

    /// <summary>Every offset and every change of an offset is well under this, so a local time's changes lie within it of the instant.</summary>
    private const long Reach = 2 * Day;

    private static readonly long Origin = new DateTime(1900, 1, 1).Ticks;
    private static readonly long Limit = new DateTime(2200, 1, 1).Ticks;
    private static readonly ConcurrentDictionary<string, ZoneTimeline> ByZone = new(StringComparer.Ordinal);

    private readonly Chunk?[] _chunks = new Chunk?[((Limit - Origin) / ChunkLength) + 1];

    private ZoneTimeline(ZoneOffsets reference) => Reference = reference;

    private enum LocalKind
    {
        Plain,
        Gap,
        Repeated,
        Uncovered,
    }

    /// <summary>The zone asked directly: outside the covered years, and for the reference rules.</summary>
    public ZoneOffsets Reference { get; }

    /// <summary>The one timeline of <paramref name="zone"/> (by id) in this process.</summary>
    public static ZoneTimeline For(TimeZoneInfo zone) =>
        ByZone.GetOrAdd(zone.Id, static (_, z) => new ZoneTimeline(new ZoneOffsets(z)), zone);

    public long Offset(long utc)
    {
        if (!Covers(utc))
        {
            return Reference.Offset(utc);
        }
        var chunk = ChunkOf(utc);
        var changes = chunk.Changes;
        var i = 0;
        while (i < changes.Length && changes[i] <= utc)
        {
            i++;
        }
        return chunk.Offsets[i];
    }

    /// <inheritdoc/>
    public long FindChange(long before, long after)
    {
        var hi = after + ((Second - (after % Second)) % Second);
        if (!Covers(before) || !Covers(hi))
        {
            return Reference.FindChange(before, after);
        }
        for (var index = IndexOf(before); index <= IndexOf(hi); index++)
        {
            foreach (var change in ChunkAt(index).Changes)
            {
                if (change > before)
                {
                    return Math.Min(change, hi);
                }
            }
        }
        return hi;
    }

    public bool IsAmbiguous(long local) => Locate(local, out _, out _, out _) switch
    {
        LocalKind.Uncovered => Reference.IsAmbiguous(local),
        var kind => kind == LocalKind.Repeated,
    };

    /// <inheritdoc/>
    public (long First, long Second) GetAmbiguousOffsets(long local) =>
        Locate(local, out _, out var before, out var after) == LocalKind.Repeated
            ? (Math.Max(before, after), Math.Min(before, after))
            : Reference.GetAmbiguousOffsets(local);

    public bool IsInvalid(long local) => Locate(local, out _, out _, out _) switch
    {
        LocalKind.Uncovered => Reference.IsInvalid(local),
        var kind => kind == LocalKind.Gap,
    };

    /// <inheritdoc/>
    public long OffsetOfLocal(long local) =>
        Locate(local, out _, out _, out var offset) == LocalKind.Plain ? offset : Reference.OffsetOfLocal(local);

    /// <inheritdoc/>
    public long GapEnd(long local) =>
        Locate(local, out var change, out _, out _) == LocalKind.Gap ? change : Reference.GapEnd(local);

    /// <summary>
    /// Where a whole-second local time falls: in no change (<paramref name="after"/> is its offset), in the gap or the
    /// repeated span of the change at <paramref name="change"/> from <paramref name="before"/> to <paramref name="after"/>.
    /// </summary>
    private LocalKind Locate(long local, out long change, out long before, out long after)
    {
        change = 0;
        before = 0;
        after = 0;
        var from = local - Reach;
        var to = local + Reach;
        if (!Covers(from) || !Covers(to))
        {
            return LocalKind.Uncovered;
        }
        after = Offset(from);
        for (var index = IndexOf(from); index <= IndexOf(to); index++)
        {
            var chunk = ChunkAt(index);
            if (chunk.Irregular)
            {
                return LocalKind.Uncovered;
            }
            for (var i = 0; i < chunk.Changes.Length; i++)
            {
                var at = chunk.Changes[i];
                if (at <= from)
                {
                    continue;
                }
                var (old, now) = (chunk.Offsets[i], chunk.Offsets[i + 1]);
                if (local >= at + Math.Max(old, now))
                {
                    after = now;
                    continue;
                }
                if (local < at + Math.Min(old, now))
                {
                    return LocalKind.Plain;
                }
                (change, before, after) = (at, old, now);
                return now > old ? LocalKind.Gap : LocalKind.Repeated;
            }
        }
        return LocalKind.Plain;
    }

    private static bool Covers(long ticks) => ticks >= Origin && ticks < Limit;

    private static long IndexOf(long ticks) => (ticks - Origin) / ChunkLength;

    private Chunk ChunkOf(long utc) => ChunkAt(IndexOf(utc));

    private Chunk ChunkAt(long index) => Volatile.Read(ref _chunks[index]) ?? Build(index);

    private Chunk Build(long index)
    {
        var start = Origin + (index * ChunkLength);
        var end = start + ChunkLength;
        var offset = Reference.Offset(start);
        var changes = new List<long>();
        var offsets = new List<long> { offset };
        var irregular = false;
        var lo = start;
        for (var probe = start + Day; probe <= end; probe += Day)
        {
            while (Reference.Offset(probe) != offset)
            {
                // The first whole second after lo whose offset differs (chunk bounds are whole seconds).
                var change = Reference.FindChange(lo, probe);
                irregular |= !IsPlainChange(change, offsets[^1], Reference.Offset(change));
                offset = Reference.Offset(change);
                changes.Add(change);
                offsets.Add(offset);
                lo = change;
            }
            lo = probe;
        }
        var chunk = new Chunk([.. changes], [.. offsets], irregular);
        return Interlocked.CompareExchange(ref _chunks[index], chunk, null) ?? chunk;
    }

    /// <summary>
    /// True when <see cref="TimeZoneInfo"/> sees the change at <paramref name="change"/> from <paramref name="old"/>
    /// to <paramref name="now"/> as this class does: the local times [change + smaller, change + larger) a gap (clock
    /// forward) or repeated with these two offsets (clock back), the seconds on either side plain.
    /// </summary>
    private bool IsPlainChange(long change, long old, long now)
    {
        var (lo, hi) = (change + Math.Min(old, now), change + Math.Max(old, now));
        var forward = now > old;
        bool Plain(long local, long offset) =>
            !Reference.IsAmbiguous(local) && !Reference.IsInvalid(local) && Reference.OffsetOfLocal(local) == offset;
        bool Inside(long local) => forward
            ? Reference.IsInvalid(local) && !Reference.IsAmbiguous(local) && Reference.GapEnd(local) == change
            : Reference.IsAmbiguous(local) && !Reference.IsInvalid(local) && Reference.GetAmbiguousOffsets(local) == (old, now);
        return Plain(lo - Second, old) && Plain(hi, now) && Inside(lo) && Inside(hi - Second);
    }

    /// <summary>The changes in (start, end] of a chunk, the offsets before the first and after each, and whether one of them is not plain to <see cref="TimeZoneInfo"/>.</summary>
    private sealed record Chunk(long[] Changes, long[] Offsets, bool Irregular);
}
