using Kairos.Host.Scripts.Header;
using Microsoft.CodeAnalysis;

namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// A problem in a script as the user sees it: <c>path(line,col): error CODE: message</c>, with 1-based positions
/// counted in the user's file and the path relative to the scripts folder.
/// </summary>
internal sealed record ScriptDiagnostic(string Path, int Line, int Column, string Id, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path}({Line},{Column}): error {Id}: {Message}" : $"{Path}: error {Id}: {Message}";

    public static ScriptDiagnostic From(Diagnostic diagnostic, string fallbackPath, string scriptsRoot) =>
        At(diagnostic.Location, diagnostic.Id, diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture), fallbackPath, scriptsRoot);

    /// <summary>A problem at a place in the source (Kairos's own checks of the compiled script).</summary>
    public static ScriptDiagnostic At(Location location, string id, string message, string fallbackPath, string scriptsRoot)
    {
        if (!location.IsInSource)
        {
            return new ScriptDiagnostic(DisplayPath(fallbackPath, scriptsRoot), 0, 0, id, message);
        }
        var span = location.GetMappedLineSpan();
        var path = string.IsNullOrEmpty(span.Path) ? fallbackPath : span.Path;
        return new ScriptDiagnostic(DisplayPath(path, scriptsRoot), span.StartLinePosition.Line + 1, span.StartLinePosition.Character + 1, id, message);
    }

    public static ScriptDiagnostic From(ScriptHeaderError error, string path, string scriptsRoot) =>
        new(DisplayPath(path, scriptsRoot), error.Line, error.Column, error.Code, error.Message);

    /// <summary>The path relative to the scripts folder with '/' separators, or the full path for files outside it.</summary>
    public static string DisplayPath(string path, string scriptsRoot)
    {
        var relative = System.IO.Path.GetRelativePath(scriptsRoot, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || System.IO.Path.IsPathRooted(relative)
            ? path
            : relative.Replace('\\', '/');
    }
}
