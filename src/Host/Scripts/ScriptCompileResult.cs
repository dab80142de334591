namespace Kairos.Host.Scripts;

/// <summary>The outcome of compiling one script: PE and PDB bytes, or the errors.</summary>
internal sealed record ScriptCompileResult(byte[]? Image, byte[]? Symbols, IReadOnlyList<ScriptDiagnostic> Errors, TimeSpan Elapsed)
{
    public bool Succeeded => Image is not null && Symbols is not null;
}
