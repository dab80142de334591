using Kairos.Host.Scripts.Loading;
using Kairos.Host.Scripts.Status;
using Kairos.Host.Sources.Folder;

namespace Kairos.Host.Scripts;

/// <summary>
/// What the script source knows about one <c>.csx</c> file, keyed by its full path; its <see cref="SourceEntry{TVersion}.Fingerprint"/>
/// is the content hash of the closure last processed (a scan rebuilds the script when it differs), and its
/// <see cref="SourceEntry{TVersion}.Current"/> the last good version, published in the catalog, which keeps running while
/// the file is broken. Owned by the scan.
/// </summary>
internal sealed class ScriptEntry(string fullPath, string relativePath) : SourceEntry<ScriptJobHandler>(fullPath)
{
    public const string SourcePrefix = "script:";

    public string FullPath { get; } = fullPath;

    /// <summary>The path relative to the scripts folder, with '/' separators.</summary>
    public string RelativePath { get; } = relativePath;

    /// <summary>The catalog source name: <c>script:RELATIVE/PATH.csx</c>.</summary>
    public string Source { get; } = SourcePrefix + relativePath;

    public string? FileVersion { get; set; }

    /// <summary>The content hash <see cref="SourceEntry{TVersion}.Current"/> was built from.</summary>
    public string? CurrentHash { get; set; }

    public string? DeclaredId { get; set; }

    public IReadOnlyList<string> Diagnostics { get; set; } = [];

    public bool IsLibrary { get; set; }

    /// <summary>The catalog refused the job id (another source declares it); retried when the id is free.</summary>
    public bool Conflicted { get; set; }

    /// <summary>
    /// Why the script is refused (a path of it or of its closure is writable by other users), or <see langword="null"/>;
    /// <see cref="SourceEntry{TVersion}.Current"/> keeps running meanwhile.
    /// </summary>
    public string? Refusal { get; set; }

    public ScriptStatus ToStatus()
    {
        var state = IsLibrary ? ScriptState.Library : Diagnostics.Count > 0 ? ScriptState.Broken : ScriptState.Healthy;
        return new ScriptStatus(RelativePath, Source, Current?.Definition.Id ?? DeclaredId, state, Current?.Version, FileVersion, Diagnostics);
    }
}
