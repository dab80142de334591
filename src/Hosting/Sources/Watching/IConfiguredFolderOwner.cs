namespace Kairos.Host.Sources.Watching;

/// <summary>
/// The source that owns a <see cref="ConfiguredFolder"/>: it scans the folder (as an <see cref="IWatchedFolder"/>) and
/// words what happened to the folder in its own log events.
/// </summary>
internal interface IConfiguredFolderOwner : IWatchedFolder
{
    /// <summary>No folder is configured: the source is off.</summary>
    void Disabled();

    /// <summary>The folder did not exist and was created.</summary>
    void Created(string path);

    /// <summary>The folder does not exist and cannot be created (or is not a folder): the source is off.</summary>
    void CannotCreate(string path, string error);

    /// <summary>The folder is writable by other users (<see cref="Trust.CodeTrust"/>): the source is off.</summary>
    void Refused(string path, string reason);
}
