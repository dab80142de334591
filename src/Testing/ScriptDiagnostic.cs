namespace Kairos.Testing;

/// <summary>A problem that kept a script from running: a header error or a compile error, where the host would report it.</summary>
/// <param name="File">The full path of the file with the problem (the script or a file it <c>#load</c>s).</param>
/// <param name="Line">The 1-based line, or 0 when the problem has no place in the file.</param>
/// <param name="Column">The 1-based column, or 0.</param>
/// <param name="Id">The diagnostic id, for example <c>CS1002</c> or a header error code.</param>
/// <param name="Message">What is wrong.</param>
public sealed record ScriptDiagnostic(string File, int Line, int Column, string Id, string Message)
{
    /// <summary>As the host logs it: <c>file(line,col): error ID: message</c>.</summary>
    /// <returns>The diagnostic as one line.</returns>
    public override string ToString() => Line > 0 ? $"{File}({Line},{Column}): error {Id}: {Message}" : $"{File}: error {Id}: {Message}";
}
