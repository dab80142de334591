namespace Kairos.Web.Security;

/// <summary>
/// What <see cref="RequestAccess"/> decided for one request: its level, the actor its actions are recorded for, and,
/// when the level is <see cref="AccessLevel.None"/>, why (a sentence that never quotes a token).
/// </summary>
internal sealed record AccessDecision(AccessLevel Level, string Actor, string? Why = null)
{
    /// <summary>True when the request had no token and was let in only because no token is set (loopback only).</summary>
    public bool Open { get; init; }

    public void Deconstruct(out AccessLevel level, out string actor)
    {
        level = Level;
        actor = Actor;
    }
}
