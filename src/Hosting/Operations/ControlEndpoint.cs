using System.Security.Cryptography;

namespace Kairos.Host.Operations;

/// <summary>
/// Where a running host's control API listens: written next to the store (<c>FILE.endpoint</c>, readable by the
/// owner only, from its first byte: <see cref="OwnerOnlyFile"/>) as the URL and a random token the CLI must send.
/// Loopback only.
/// </summary>
internal sealed record ControlEndpoint(string Url, string Token)
{
    public const string TokenHeader = "X-Kairos-Token";

    /// <summary>Who the CLI acts for (<c>cli:USER</c>), recorded with a pause and named in events.</summary>
    public const string ActorHeader = "X-Kairos-Actor";

    public static string FileFor(string databasePath) => Path.GetFullPath(databasePath) + ".endpoint";

    public static ControlEndpoint Create(int port) =>
        new($"http://127.0.0.1:{port}/", Convert.ToHexString(RandomNumberGenerator.GetBytes(16)));

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
