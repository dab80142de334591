using System.Text;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Checks that an existing store file is a LiteDB 5 file before LiteDB opens it: LiteDB would otherwise
/// re-initialise a file it does not recognise, destroying whatever it held.
/// </summary>
internal static class StoreFileHeader
{
    private const int SignatureOffset = 32;
    private static readonly byte[] Signature = Encoding.ASCII.GetBytes("** This is a LiteDB file **");

    /// <summary>Null when the file is absent, empty, or a LiteDB file; otherwise what is wrong with it.</summary>
    public static string? Check(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists || info.Length == 0)
        {
            return null;
        }
        var header = new byte[SignatureOffset + Signature.Length];
        int read;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        {
            read = stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false);
        }
        return read == header.Length && header.AsSpan(SignatureOffset).SequenceEqual(Signature)
            ? null
            : $"is not a LiteDB file (no LiteDB signature at byte {SignatureOffset}; {info.Length} bytes): expected a Kairos store or a missing file";
    }
}
