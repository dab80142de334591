namespace Kairos.Host.Scripts.Status;

/// <summary>
/// One <c>.csx</c> file as <c>jobs --json</c> / <c>info --json</c> show it. <see cref="State"/> is
/// <c>healthy</c> (its current version runs), <c>broken</c> (the file on disk has <see cref="Diagnostics"/>; the last
/// good <see cref="Version"/>, if any, keeps running) or <c>library</c> (no header: only <c>#load</c>ed by others): <see cref="ScriptState"/>.
/// </summary>
internal sealed record ScriptStatus(
    string Path,
    string Source,
    string? JobId,
    ScriptState State,
    string? Version,
    string? FileVersion,
    IReadOnlyList<string> Diagnostics);

/// <summary>Everything the script source knows now, for <c>info --json</c> and <c>jobs --json</c>.</summary>
internal sealed record ScriptsSnapshot(
    bool Enabled,
    string? Folder,
    string? CacheFolder,
    string? Problem,
    IReadOnlyList<ScriptStatus> Scripts,
    ScriptCountersSnapshot Counters);
