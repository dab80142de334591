namespace Kairos.Host.Scheduling.Cron;

/// <summary>
/// A span of UTC instants [<see cref="Start"/>, <see cref="End"/>] in which a zone's offset is <see cref="Offset"/> and
/// does not change. Packs into one <see cref="long"/> (minute precision) so a schedule can cache it without
/// allocating and without a lock: a 64-bit read or write cannot tear.
/// </summary>
internal readonly record struct OffsetWindow(long Start, long End, long Offset)
{
    private const int StartBits = 34;   // minutes since 0001-01-01: 9999 years need 33 bits
    private const int LengthBits = 14;  // up to 16383 minutes (11 days)
    private const int OffsetBits = 13;  // minutes, biased: ±4096 minutes
    private const long OffsetBias = 1L << (OffsetBits - 1);

    /// <summary>The packed form of "no window"; a packed window always has a non-zero length.</summary>
    public const long None = 0;

    /// <summary>Packs the window, or returns <see cref="None"/> when it does not fit (bounds or offset not whole minutes).</summary>
    public long Pack()
    {
        const long minute = TimeSpan.TicksPerMinute;
        if (Start % minute != 0 || End % minute != 0 || Offset % minute != 0 || End <= Start)
        {
            return None;
        }
        var length = (End - Start) / minute;
        var offset = (Offset / minute) + OffsetBias;
        if (length >= 1L << LengthBits || offset is < 0 or >= 1L << OffsetBits)
        {
            return None;
        }
        return (Start / minute) | (length << StartBits) | (offset << (StartBits + LengthBits));
    }

    public static OffsetWindow Unpack(long packed)
    {
        const long minute = TimeSpan.TicksPerMinute;
        var start = (packed & ((1L << StartBits) - 1)) * minute;
        var length = ((packed >> StartBits) & ((1L << LengthBits) - 1)) * minute;
        var offset = (((packed >> (StartBits + LengthBits)) & ((1L << OffsetBits) - 1)) - OffsetBias) * minute;
        return new OffsetWindow(start, start + length, offset);
    }
}
