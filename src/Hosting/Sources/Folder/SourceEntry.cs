namespace Kairos.Host.Sources.Folder;

/// <summary>
/// One key of a folder source (a plugin's name, a script's path): the fingerprint of what the last scan took in and
/// the version that is published. A loader derives it to keep what only its kind knows (errors, conflicts, libraries).
/// </summary>
/// <typeparam name="TVersion">One loaded version of the entry.</typeparam>
internal abstract class SourceEntry<TVersion>(string key)
    where TVersion : class
{
    public string Key { get; } = key;

    /// <summary>The fingerprint the last load was started for; a scan loads again when it reads another one. Null: look again.</summary>
    public string? Fingerprint { get; set; }

    /// <summary>The published version: it keeps running while a newer one fails to load, and is retired when replaced or removed.</summary>
    public TVersion? Current { get; set; }
}
