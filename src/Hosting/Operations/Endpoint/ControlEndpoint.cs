namespace Kairos.Host.Operations.Endpoint;

/// <summary>
/// Where a running host's control API listens: written next to the store (<c>FILE.endpoint</c>, readable by the
/// owner only, from its first byte: <see cref="OwnerOnlyFile"/>) as a URL on this machine and the token the CLI sends
/// (<c>Authorization: Bearer</c>), written by the host's web server (Kairos.AspNetCore).
/// </summary>
internal sealed record ControlEndpoint(string Url, string Token)
{
    /// <summary>Who the CLI acts for (<c>cli:USER</c>), recorded with a pause and named in events.</summary>
    public const string ActorHeader = "X-Kairos-Actor";

    public static string FileFor(string databasePath) => Path.GetFullPath(databasePath) + ".endpoint";

    public void Write(string databasePath)
    {
        OwnerOnlyFile.WriteAllText(FileFor(databasePath), Url + "\n" + Token + "\n");
    }

    public static ControlEndpoint? Read(string databasePath)
    {
        var file = FileFor(databasePath);
        if (!File.Exists(file))
        {
            return null;
        }
        var lines = File.ReadAllLines(file);
        return lines.Length >= 2 ? new ControlEndpoint(lines[0].Trim(), lines[1].Trim()) : null;
    }
}
