namespace Kairos.Host.Scripts.Status;

/// <summary>A <c>.csx</c> file's state in <c>jobs --json</c> / <c>info --json</c>, spelt in kebab case (<see cref="Text.KebabCase"/>).</summary>
internal enum ScriptState
{
    /// <summary>Its current version runs.</summary>
    Healthy,

    /// <summary>The file on disk has diagnostics; the last good version, if any, keeps running.</summary>
    Broken,

    /// <summary>No header: only <c>#load</c>ed by others.</summary>
    Library,
}
