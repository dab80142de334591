using Microsoft.CodeAnalysis.Text;

namespace Kairos.Host.Scripts.Closure;

/// <summary>
/// A script and everything it pulls in, read once from disk: its text, the texts of its <c>#load</c> files
/// (recursively), the assemblies it <c>#r</c>eferences, and a SHA-256 over all of it. Compiling from this snapshot
/// (never re-reading the files) keeps the compiled bytes consistent with the hash they are cached under.
/// </summary>
internal sealed record ScriptClosure(
    string RootPath,
    IReadOnlyDictionary<string, SourceText> Sources,
    IReadOnlyList<string> LoadedFiles,
    IReadOnlyList<string> References,
    string ContentHash)
{
    public SourceText RootText => Sources[RootPath];

    /// <summary>The version shown in run records and <c>jobs --json</c>: the first 12 hex digits of the content hash.</summary>
    public string Version => ContentHash[..12];

    /// <summary>A closure of one in-memory text, used to warm the compiler up.</summary>
    public static ScriptClosure InMemory(string path, string text) =>
        new(path, new Dictionary<string, SourceText>(StringComparer.Ordinal) { [path] = SourceText.From(text, System.Text.Encoding.UTF8, SourceHashAlgorithm.Sha256) }, [], [], new string('0', 64));
}
