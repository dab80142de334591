namespace Kairos.Host.Sources.Trust;

/// <summary>
/// A path on the way to code Kairos would load that another user can write to, with its mode as read.
/// </summary>
/// <param name="Path">The full path of the file or folder.</param>
/// <param name="Mode">Its Unix mode, with the sticky bit.</param>
/// <param name="HoldsCode">
/// True for the file and the folders that hold code (the watched folder and below, and the folder of a file outside it),
/// which nobody else may write to; false for a folder above them, refused because it lacks the sticky bit.
/// </param>
internal sealed record UntrustedPath(string Path, UnixFileMode Mode, bool HoldsCode)
{
    /// <summary>The mode in octal as <c>ls</c> and <c>chmod</c> write it: <c>777</c>, <c>1777</c>.</summary>
    public string Octal => Convert.ToString((int)Mode & 0xFFF, 8);

    /// <summary>Why nothing is loaded from there, and what to do, for an error message or a problem.</summary>
    /// <param name="kind">What is loaded: <c>script</c> or <c>plugin</c>.</param>
    public string Describe(string kind)
    {
        var why = !HoldsCode
            ? ", so anyone may move what is below it away and put their own in its place"
            : (Mode & UnixFileMode.StickyBit) != 0 ? "; the sticky bit does not make it safe, anyone may still add files to it" : "";
        return $"'{Path}' is writable by every user (mode {Octal}){why}: {kind}s run with the host's full trust, " +
            $"so Kairos loads no new or changed {kind} from there; run 'chmod o-w {Path}'";
    }
}
