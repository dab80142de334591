namespace Kairos.Testing;

/// <summary>
/// The outcome of one run of a script made by <see cref="ScriptRunner"/>: a <see cref="JobRunResult"/> plus the problems
/// that kept the script from running. A script that does not compile ends <see cref="RunStatus.Failed"/> with its
/// <see cref="Diagnostics"/>; one that ran has none.
/// </summary>
public sealed class ScriptRunResult : JobRunResult
{
    /// <summary>The header and compile errors, ordered by file, line and column; empty when the script ran.</summary>
    public IReadOnlyList<ScriptDiagnostic> Diagnostics { get; init; } = [];
}
