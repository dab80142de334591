namespace Kairos.Host.Scripts.Compile;

/// <summary>
/// The outcome of compiling one script: the PE image (its portable PDB embedded), or the errors. <see cref="MatchesClosure"/>
/// is false when the compiler used a file or assembly the closure did not list (then the image is not cached under its hash).
/// </summary>
internal sealed record ScriptCompileResult(byte[]? Image, IReadOnlyList<ScriptDiagnostic> Errors, TimeSpan Elapsed, bool MatchesClosure = true)
{
    public bool Succeeded => Image is not null;
}
