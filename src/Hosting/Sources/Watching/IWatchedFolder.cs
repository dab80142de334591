namespace Kairos.Host.Sources.Watching;

/// <summary>What a <see cref="FolderWatch"/> calls on its source: the scan, and the reports only the source can word.</summary>
internal interface IWatchedFolder
{
    /// <summary>Scans the folder and publishes what changed; may throw (reported through <see cref="ScanFailed"/>).</summary>
    void Scan(CancellationToken stopping);

    /// <summary>A scan threw; the next change or poll tries again.</summary>
    void ScanFailed(Exception exception);

    /// <summary>The folder cannot be watched for events; changes are found by polling only.</summary>
    void CannotWatch(string reason);

    /// <summary>The watcher lost events (a buffer overflow, say); a scan follows.</summary>
    void LostEvents(string reason);
}
