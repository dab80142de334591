namespace Kairos.Host.Sources.Folder;

/// <summary>
/// What became of one load once its loader applied it: <see cref="Kept"/> (it failed or changed nothing; the published
/// version stays), <see cref="Published"/> (the new version replaces the published one, which is retired), or
/// <see cref="Rejected"/> (the catalog refused it: it is retired together with the published one, and nothing stays).
/// </summary>
internal readonly record struct LoadOutcome<TVersion>(TVersion? Version, bool Publishes)
    where TVersion : class
{
    public static LoadOutcome<TVersion> Kept => default;

    public static LoadOutcome<TVersion> Published(TVersion version) => new(version, true);

    public static LoadOutcome<TVersion> Rejected(TVersion version) => new(version, false);
}
