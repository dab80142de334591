using Kairos.Host.Sources.Trust;

namespace Kairos.Host.Sources.Watching;

/// <summary>
/// The folder a source is configured with, made ready and watched, for plugins and scripts alike: <see cref="Open"/>
/// resolves the configured path, creates the folder if missing and refuses one other users can write to (reporting each
/// to its <see cref="IConfiguredFolderOwner"/>); <see cref="StartWatching"/> starts its <see cref="FolderWatch"/>.
/// </summary>
/// <param name="kind">What is loaded from the folder, for the trust check: <c>plugin</c> or <c>script</c>.</param>
/// <param name="configuredPath">Reads the configured path (null or blank: the source is off) when it is needed.</param>
/// <param name="timing">The watch's debounce and polling.</param>
/// <param name="timeProvider">The clock of the watch.</param>
internal sealed class ConfiguredFolder(string kind, Func<string?> configuredPath, SourceOptions timing, TimeProvider timeProvider) : IDisposable
{
    private IConfiguredFolderOwner? _owner;
    private FolderWatch? _watch;

    /// <summary>The full path of the folder once <see cref="Open"/> found it usable; null before, or when it did not.</summary>
    public string? FullPath { get; private set; }

    /// <summary>The watch's timing (sources quote its poll interval in their watcher warnings).</summary>
    public SourceOptions Timing => timing;

    /// <summary>
    /// The full path of the folder when it is configured, exists and is trusted, else null; for a preload ahead of
    /// <see cref="Open"/>, so it creates nothing and reports nothing (<see cref="Open"/> does both).
    /// </summary>
    public string? Existing()
    {
        var configured = configuredPath();
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }
        var folder = Path.GetFullPath(configured);
        return Directory.Exists(folder) && CodeTrust.Refusal(folder, kind) is null ? folder : null;
    }

    /// <summary>
    /// Makes the folder ready: its full path, created if missing; null when none is configured, it cannot be created or
    /// it is refused. Each of those is reported to <paramref name="owner"/>, which <see cref="StartWatching"/> then scans.
    /// </summary>
    public string? Open(IConfiguredFolderOwner owner)
    {
        _owner = owner;
        var configured = configuredPath();
        if (string.IsNullOrWhiteSpace(configured))
        {
            owner.Disabled();
            return null;
        }
        var folder = Path.GetFullPath(configured);
        try
        {
            if (!Directory.Exists(folder))
            {
                Directory.CreateDirectory(folder);
                owner.Created(folder);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            owner.CannotCreate(folder, e.Message);
            return null;
        }
        if (CodeTrust.Refusal(folder, kind) is { } refusal)
        {
            owner.Refused(folder, refusal);
            return null;
        }
        FullPath = folder;
        return folder;
    }

    /// <summary>Starts the watch of the folder <see cref="Open"/> made ready: its owner scans after each change and poll.</summary>
    /// <exception cref="InvalidOperationException">The folder was not opened, or not usable.</exception>
    public void StartWatching()
    {
        if (FullPath is not { } folder || _owner is not { } owner)
        {
            throw new InvalidOperationException($"the {kind}s folder is not open");
        }
        _watch = new FolderWatch(folder, owner, timing, timeProvider);
        _watch.Start();
    }

    /// <summary>Scans now, without debounce (see <see cref="FolderWatch.RescanAsync"/>); null when the folder is not watched.</summary>
    public Task? RescanAsync() => _watch?.RescanAsync();

    /// <summary>Stops the watch, if it was started.</summary>
    public Task StopAsync(CancellationToken cancellationToken) =>
        _watch is { } watch ? watch.StopAsync(cancellationToken) : Task.CompletedTask;

    public void Dispose() => _watch?.Dispose();
}
