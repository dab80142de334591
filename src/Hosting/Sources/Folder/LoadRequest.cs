namespace Kairos.Host.Sources.Folder;

/// <summary>
/// What a scan would load for one entry: the fingerprint of its files as they were read, and the load itself (run
/// beside the published version, possibly on another thread). The load never throws for a bad file: it returns a
/// failed result, which the loader reports.
/// </summary>
internal sealed record LoadRequest<TLoad>(string Fingerprint, Func<CancellationToken, TLoad> Load);
