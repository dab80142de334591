namespace Kairos.Web.Security;

/// <summary>What a request may do: nothing, read (every page and <c>GET</c>), or everything (the actions too).</summary>
internal enum AccessLevel
{
    None,
    Read,
    Full,
}
