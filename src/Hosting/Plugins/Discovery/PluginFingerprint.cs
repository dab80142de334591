using System.Security.Cryptography;
using System.Text;

namespace Kairos.Host.Plugins.Discovery;

/// <summary>
/// Cheap and content hashes of a plugin's files. The cheap one (paths, sizes, write times) decides whether to look at
/// a plugin again; the content hash decides whether what changed is really a new version, and is part of the version.
/// </summary>
internal static class PluginFingerprint
{
    /// <summary>Paths, sizes and last write times; empty when the plugin vanished while it was read.</summary>
    public static string OfMetadata(PluginCandidate candidate)
    {
        try
        {
            var text = new StringBuilder();
            foreach (var file in candidate.EnumerateFiles())
            {
                var info = new FileInfo(file);
                text.Append(Path.GetRelativePath(candidate.FilesRoot, file)).Append('|')
                    .Append(info.Length).Append('|')
                    .Append(info.LastWriteTimeUtc.Ticks).Append('\n');
            }
            return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
        }
        catch (IOException)
        {
            return "";
        }
        catch (UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>SHA-256 over the relative paths and contents of the files under <paramref name="root"/>, 12 hex digits.</summary>
    public static string OfContent(string root)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var bytes = File.ReadAllBytes(file);
            hash.AppendData(Encoding.UTF8.GetBytes($"{Path.GetRelativePath(root, file).Replace('\\', '/')}|{bytes.Length}\n"));
            hash.AppendData(bytes);
        }
        return Convert.ToHexString(hash.GetHashAndReset())[..12].ToLowerInvariant();
    }
}
