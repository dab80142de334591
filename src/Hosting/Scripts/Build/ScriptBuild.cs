using Kairos.Host.Catalog;
using Kairos.Host.Scripts.Closure;
using Kairos.Host.Scripts.Compile;
using Kairos.Host.Scripts.Loading;

namespace Kairos.Host.Scripts.Build;

/// <summary>The outcome of reading, checking and loading one script file: a loaded version, or what is wrong with it.</summary>
internal sealed record ScriptBuild(
    ScriptClosure Closure,
    JobDefinition? Definition,
    string? DeclaredId,
    LoadedScript? Script,
    IReadOnlyList<ScriptDiagnostic> Errors,
    bool HeaderFailed)
{
    public bool Succeeded => Script is not null && Definition is not null;
}
