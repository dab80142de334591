using Kairos.Host.Diagnostics;

namespace Kairos.Host.Scripts.Status;

/// <summary>
/// Adds the <c>scripts</c> section to <c>kairos info --json</c>: the folder, each script's path, job id, version,
/// state and diagnostics, and the counters (compiles versus cache hits, reloads, unloads, leaks).
/// </summary>
internal sealed class ScriptInfoContributor(ScriptStatusBoard board) : IInfoContributor
{
    public string Section => "scripts";

    public object Snapshot() => board.Snapshot();
}
