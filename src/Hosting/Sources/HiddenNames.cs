namespace Kairos.Host.Sources;

/// <summary>
/// The one rule of which names in a plugins or scripts folder are staging areas rather than content: a name that
/// starts with '.' (<c>.Billing.new/</c>, <c>.report.csx.tmp</c>). The plugin layout skips such entries, the script
/// folder skips every file below such a folder or with such a name, and the folder watch reads a rename to such a
/// name as a move out of the way (the first half of a swap), not as content arriving.
/// </summary>
internal static class HiddenNames
{
    /// <summary>True when <paramref name="name"/> (a file or folder name, not a path) is a staging name.</summary>
    public static bool IsHidden(string name) => name.StartsWith('.');

    /// <summary>True when any part of <paramref name="path"/> below <paramref name="root"/> is a staging name.</summary>
    public static bool IsHiddenBelow(string root, string path) =>
        Path.GetRelativePath(root, path).Split(Path.DirectorySeparatorChar).Any(IsHidden);
}
