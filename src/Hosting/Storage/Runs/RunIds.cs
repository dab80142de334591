using System.Buffers.Binary;

namespace Kairos.Host.Storage.Runs;

/// <summary>
/// Run ids: version-7 GUIDs, so they sort by creation time in every store; ids made in the same millisecond by this
/// process sort in the order they were made (the random bits of a later one are raised above the earlier one's, as
/// RFC 9562 allows), so the runs of one claim, which share its instant, have ids in claim order. LiteDB's batches of
/// ended runs rely on it (<see cref="LiteDb.RunBatch"/>: ranges of ids that do not overlap).
/// </summary>
internal static class RunIds
{
    private static readonly Lock Gate = new();
    private static UInt128 _last;

    public static string New(DateTimeOffset now)
    {
        Span<byte> bytes = stackalloc byte[16];
        Guid.CreateVersion7(now).TryWriteBytes(bytes, bigEndian: true, out _);
        var id = BinaryPrimitives.ReadUInt128BigEndian(bytes);
        lock (Gate)
        {
            // The top 48 bits are the millisecond; the lowest bits are random, so one more stays a version-7 GUID.
            if (id >> 80 == _last >> 80 && id <= _last)
            {
                id = _last + 1;
            }
            _last = id;
        }
        return id.ToString("x32", System.Globalization.CultureInfo.InvariantCulture);
    }
}
