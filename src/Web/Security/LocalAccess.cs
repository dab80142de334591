using System.Security.Cryptography;

namespace Kairos.Web.Security;

/// <summary>
/// The secret of this host's own CLI: written in the control endpoint file beside the store (readable by the host's
/// user only) and accepted as full access, whatever <see cref="Http.KairosHttpOptions.AccessToken"/> says, so the
/// <c>kairos</c> verbs work against a running host without configuration.
/// </summary>
internal sealed class LocalAccess
{
    public string Token { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
}
