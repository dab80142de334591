using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;

namespace Kairos.Host.Scripts;

/// <summary>What the script source knows about one <c>.csx</c> file; owned by the reconciler's single thread.</summary>
internal sealed class ScriptEntry(string fullPath, string relativePath)
{
    public const string SourcePrefix = "script:";

    public string FullPath { get; } = fullPath;

    /// <summary>The path relative to the scripts folder, with '/' separators.</summary>
    public string RelativePath { get; } = relativePath;

    /// <summary>The catalog source name: <c>script:RELATIVE/PATH.csx</c>.</summary>
    public string Source { get; } = SourcePrefix + relativePath;

    /// <summary>The content hash of the closure last processed; a scan rebuilds the script when it differs.</summary>
    public string? FileHash { get; set; }

    public string? FileVersion { get; set; }

    /// <summary>The last good version, published in the catalog; it keeps running while the file is broken.</summary>
    public ScriptJobHandler? Current { get; set; }

    /// <summary>The content hash <see cref="Current"/> was built from.</summary>
    public string? CurrentHash { get; set; }

    public string? DeclaredId { get; set; }

    public IReadOnlyList<string> Diagnostics { get; set; } = [];

    public bool IsLibrary { get; set; }

    /// <summary>The catalog refused the job id (another source declares it); retried when the id is free.</summary>
    public bool Conflicted { get; set; }

    /// <summary>
    /// Why the script is refused (a path of it or of its closure is writable by other users), or <see langword="null"/>;
    /// <see cref="Current"/> keeps running meanwhile.
    /// </summary>
    public string? Refusal { get; set; }

    public ScriptStatus ToStatus()
    {
        var state = IsLibrary ? ScriptState.Library : Diagnostics.Count > 0 ? ScriptState.Broken : ScriptState.Healthy;
        return new ScriptStatus(RelativePath, Source, Current?.Definition.Id ?? DeclaredId, state, Current?.Version, FileVersion, Diagnostics);
    }
}
