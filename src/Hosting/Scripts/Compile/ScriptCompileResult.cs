namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// The outcome of compiling one script: PE and PDB bytes, or the errors. <see cref="MatchesClosure"/> is false when
/// the compiler used a file or assembly the closure did not list (then the bytes are not cached under its hash).
/// </summary>
internal sealed record ScriptCompileResult(byte[]? Image, byte[]? Symbols, IReadOnlyList<ScriptDiagnostic> Errors, TimeSpan Elapsed, bool MatchesClosure = true)
{
    public bool Succeeded => Image is not null && Symbols is not null;
}
