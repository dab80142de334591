using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Kairos.Host.Scripts.Closure;

/// <summary>
/// Resolves <c>#load</c> paths like <see cref="SourceFileResolver"/> but serves the texts captured in the
/// <see cref="ScriptClosure"/>, so the compiler sees exactly what was hashed even if a file changes meanwhile.
/// </summary>
internal sealed class ClosureSourceResolver(ScriptClosure closure) : SourceReferenceResolver
{
    private readonly SourceFileResolver _files = ScriptResolvers.Sources(Path.GetDirectoryName(closure.RootPath) ?? ".");

    public override string? NormalizePath(string path, string? baseFilePath) => _files.NormalizePath(path, baseFilePath);

    public override string? ResolveReference(string path, string? baseFilePath) => _files.ResolveReference(path, baseFilePath);

    public override Stream OpenRead(string resolvedPath)
    {
        if (!closure.Sources.TryGetValue(resolvedPath, out var text))
        {
            return _files.OpenRead(resolvedPath);
        }
        var stream = new MemoryStream();
        using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true))
        {
            text.Write(writer);
        }
        stream.Position = 0;
        return stream;
    }

    public override SourceText ReadText(string resolvedPath) =>
        closure.Sources.TryGetValue(resolvedPath, out var text) ? text : _files.ReadText(resolvedPath);

    public override bool Equals(object? obj) => obj is ClosureSourceResolver other && ReferenceEquals(other.Closure, Closure);

    public override int GetHashCode() => closure.RootPath.GetHashCode(StringComparison.Ordinal);

    private ScriptClosure Closure => closure;
}
