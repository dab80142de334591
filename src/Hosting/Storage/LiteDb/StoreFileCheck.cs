using System.Buffers.Binary;
using System.Text;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Checks an existing store file, without writing to it, before LiteDB opens it for writing. LiteDB changes a file
/// it cannot read: an unknown file is re-initialised (its content destroyed), and a damaged one gets its
/// "invalid datafile state" byte (offset 191) set as the open fails. A store that is refused must stay byte for
/// byte as it was, so that a person can still recover it with other tools; so every damage we can see is looked
/// for here first, read-only: the LiteDB signature, the page layout (every page where its id says, the file as
/// long as its header says), and then LiteDB's own read-only open of the collections.
/// </summary>
internal static class StoreFileCheck
{
    private const int PageSize = 8192;
    private const int SignatureOffset = 32;
    private const int LastPageIdOffset = 64;
    private const int PageHeaderSize = 32;
    private const byte LastPageType = 4; // Empty 0, Header 1, Collection 2, Index 3, Data 4
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>
    /// Null when the file is absent, empty, or a readable LiteDB file; otherwise what is wrong with it. The answer of a
    /// check started ahead (<see cref="StoreCheckAhead"/>) when the file has not changed since.
    /// </summary>
    public static string? Check(string path) => StoreCheckAhead.TryTake(path, out var problem) ? problem : CheckNow(path);

    /// <summary>The check itself, on the caller's thread.</summary>
    public static string? CheckNow(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return null;
        }
        return CheckSignature(path, info.Length) ?? CheckPages(path, info.Length) ?? CheckReadOnlyOpen(path);
    }

    /// <summary>What LiteDB throws for a file it cannot read as a store (it has no exception type of its own for that).</summary>
    public static bool IsUnreadable(Exception e) =>
        e is LiteException or InvalidOperationException or IOException or InvalidCastException or ArgumentException or IndexOutOfRangeException;

    private static FileStream OpenRead(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1 << 16);

    private static string? CheckSignature(string path, long length)
    {
        var header = new byte[SignatureOffset + Signature.Length];
        int read;
        using (var stream = OpenRead(path))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        return read == header.Length && header.AsSpan(SignatureOffset).SequenceEqual(Signature)
            ? null
            : $"is not a LiteDB file (no LiteDB signature at byte {SignatureOffset}; {length} bytes): expected a Kairos store or a missing file";
    }

    /// <summary>
    /// LiteDB writes whole pages, each at its id times the page size, and its header names the last page. A page
    /// whose header is all zeros was allocated but not written yet (a crash between the two); anything else out
    /// of place is damage: a truncated file, or bytes written over a page.
    /// </summary>
    private static string? CheckPages(string path, long length)
    {
        if (length % PageSize != 0)
        {
            return $"is damaged: its length, {length} bytes, is not a whole number of {PageSize}-byte pages (truncated?)";
        }
        var pages = length / PageSize;
        var page = new byte[PageSize];
        using var stream = OpenRead(path);
        for (long id = 0; id < pages; id++)
        {
            stream.ReadExactly(page);
            var header = page.AsSpan(0, PageHeaderSize);
            var storedId = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var type = header[4];
            if (id == 0)
            {
                var lastPageId = BinaryPrimitives.ReadUInt32LittleEndian(page.AsSpan(LastPageIdOffset));
                if (lastPageId >= pages)
                {
                    return $"is damaged: its header names page {lastPageId} as the last, but the file holds {pages} pages ({length} bytes; truncated?)";
                }
            }
            else if (header.ContainsAnyExcept((byte)0) && (storedId != id || type > LastPageType))
            {
                return $"is damaged: page {id} (at byte {id * PageSize}) is not a LiteDB page (it says page {storedId}, type {type})";
            }
        }
        return null;
    }

    private static string? CheckReadOnlyOpen(string path)
    {
        try
        {
            var connection = new ConnectionString { Filename = path, Connection = ConnectionType.Direct, ReadOnly = true, Upgrade = false };
            using var db = new LiteDatabase(connection);
            _ = db.Collation;
            // Reads every collection's page and index definitions, as the host's open does next; the documents
            // are not read (a full read costs seconds on a large history), so damage inside them shows later.
            using var indexes = db.Execute("SELECT $ FROM $indexes");
            while (indexes.Read())
            {
            }
            return null;
        }
        catch (Exception e) when (IsUnreadable(e))
        {
            return $"cannot be opened: it is corrupt or not a LiteDB file ({e.GetType().Name}: {e.Message})";
        }
    }
}
