namespace Kairos.Web.Api;

/// <summary>The answer of an action that has nothing else to say: <c>{"ok": true}</c>.</summary>
internal sealed record DoneView(bool Ok)
{
    public static DoneView Instance { get; } = new(true);
}
