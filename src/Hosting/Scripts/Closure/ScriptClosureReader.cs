using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.CodeAnalysis.Text;

namespace Kairos.Host.Scripts.Closure;

/// <summary>
/// Reads a script and its <c>#load</c> closure from disk and hashes it, without compiling. Directives are read
/// once per file content (cached by hash), so re-reading unchanged scripts on every scan stays cheap.
/// </summary>
internal sealed class ScriptClosureReader
{
    private readonly ConcurrentDictionary<string, ScriptDirectives> _directives = new(StringComparer.Ordinal);

    /// <exception cref="IOException">A file of the closure could not be read (it may be being written).</exception>
    public ScriptClosure Read(string rootPath)
    {
        rootPath = Path.GetFullPath(rootPath);
        var rootDirectory = Path.GetDirectoryName(rootPath) ?? ".";
        var sources = ScriptResolvers.Sources(rootDirectory);
        var metadata = ScriptResolvers.Metadata(rootDirectory);
        var texts = new Dictionary<string, SourceText>(StringComparer.Ordinal);
        var loaded = new List<string>();
        var references = new SortedSet<string>(StringComparer.Ordinal);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);

        void Visit(string path)
        {
            if (texts.ContainsKey(path))
            {
                return;
            }
            var bytes = File.ReadAllBytes(path);
            var fileHash = Convert.ToHexString(SHA256.HashData(bytes));
            var text = SourceText.From(bytes, bytes.Length, encoding: null, SourceHashAlgorithm.Sha256, throwIfBinaryDetected: false, canBeEmbedded: true);
            texts[path] = text;
            Append(hash, "file", Path.GetRelativePath(rootDirectory, path).Replace('\\', '/'), fileHash);
            if (path != rootPath)
            {
                loaded.Add(path);
            }
            var directives = _directives.GetOrAdd(fileHash, _ => ScriptDirectives.Read(text.ToString()));
            foreach (var load in directives.Loads)
            {
                if (sources.ResolveReference(load, path) is { } resolved)
                {
                    Visit(resolved);
                }
                else
                {
                    Append(hash, "missing-load", path, load);
                }
            }
            foreach (var reference in directives.References)
            {
                var resolved = ScriptResolvers.ResolveReference(metadata, reference, path).ToList();
                if (resolved.Count == 0)
                {
                    Append(hash, "missing-reference", path, reference);
                }
                references.UnionWith(resolved);
            }
        }

        Visit(rootPath);
        foreach (var reference in references)
        {
            var info = new FileInfo(reference);
            Append(hash, "reference", reference, info.Exists
                ? info.Length.ToString(CultureInfo.InvariantCulture) + "@" + info.LastWriteTimeUtc.Ticks.ToString(CultureInfo.InvariantCulture)
                : "missing");
        }
        return new ScriptClosure(rootPath, texts, loaded, [.. references], Convert.ToHexStringLower(hash.GetHashAndReset()));
    }

    /// <summary>Forgets parsed directives of files no longer in use (called after a scan).</summary>
    public void Trim(int keep)
    {
        if (_directives.Count > keep)
        {
            _directives.Clear();
        }
    }

    private static void Append(IncrementalHash hash, string kind, string name, string value) =>
        hash.AppendData(Encoding.UTF8.GetBytes($"{kind}\n{name}\n{value}\n"));
}
