namespace Kairos.Host.Settings;

/// <summary>
/// One options class read once, when the host starts: <paramref name="Problems"/> builds it again from the configuration
/// as it is now, by the same setup and validators the start used, and returns what the next start would refuse (one
/// message per bad value, each naming its key first), or nothing.
/// </summary>
internal sealed record StartSettingsCheck(Type Options, Func<IReadOnlyList<string>> Problems);
