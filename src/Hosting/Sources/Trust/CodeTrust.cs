namespace Kairos.Host.Sources.Trust;

/// <summary>
/// The one trust rule for the code Kairos loads, plugins and scripts alike: they run with the host's full trust, so no
/// other user may be able to change them. It is checked at every load, over the whole path of each file: the file
/// itself; the folder that holds it and every folder from the watched folder down to it, none of which may be writable
/// by other users (not even with the sticky bit, as /tmp has: anyone could still add a file); and the folders above those
/// up to '/', which may be writable by others only with the sticky bit (otherwise anyone could move the folder below away
/// and put their own in its place). Unix only: on Windows every path passes.
/// One instance per scan, on one thread: it reads each path's mode once and remembers what it found unsafe.
/// </summary>
/// <param name="root">The watched folder (a full path).</param>
/// <param name="kind">What is loaded from it, for messages: <c>script</c> or <c>plugin</c>.</param>
internal sealed class CodeTrust(string root, string kind)
{
    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
    private readonly Dictionary<string, UnixFileMode?> _modes = new(StringComparer.Ordinal);
    private readonly HashSet<UntrustedPath> _found = [];

    public string Root => _root;

    public string Kind => kind;

    /// <summary>Every unsafe path the checks of this instance came across.</summary>
    public IReadOnlyCollection<UntrustedPath> Found => _found;

    /// <summary>Checks the watched folder alone and says why code is not loaded from it, or null when it is safe.</summary>
    public static string? Refusal(string root, string kind) => new CodeTrust(root, kind).Check(root)?.Describe(kind);

    /// <summary>
    /// Checks <paramref name="path"/> (a file, or a plugin's folder) and every folder above it. Returns the outermost
    /// unsafe path (fixing it first matters most), or null when the whole path is safe or does not exist.
    /// </summary>
    public UntrustedPath? Check(string path)
    {
        if (OperatingSystem.IsWindows())
        {
            return null;
        }
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        var holder = Path.GetDirectoryName(full);
        var outside = !IsWithinRoot(full);
        var outermost = Check(full, holdsCode: true);
        for (var folder = holder; folder is not null; folder = Path.GetDirectoryName(folder))
        {
            var holdsCode = IsWithinRoot(folder) || (outside && folder == holder);
            outermost = Check(folder, holdsCode) ?? outermost;
        }
        return outermost;
    }

    /// <summary>Checks each path; returns the first unsafe one found, or null.</summary>
    public UntrustedPath? Check(IEnumerable<string> paths)
    {
        UntrustedPath? first = null;
        foreach (var path in paths)
        {
            first ??= Check(path);
        }
        return first;
    }

    /// <summary>Reads the path again: is it still unsafe by the rule that found it (null when fixed or gone)?</summary>
    public UntrustedPath? Recheck(UntrustedPath path) => Check(path.Path, path.HoldsCode);

    private UntrustedPath? Check(string path, bool holdsCode)
    {
        if (ModeOf(path) is not { } mode || (mode & UnixFileMode.OtherWrite) == 0)
        {
            return null;
        }
        if (!holdsCode && (mode & UnixFileMode.StickyBit) != 0)
        {
            return null;
        }
        var found = new UntrustedPath(path, mode, holdsCode);
        _found.Add(found);
        return found;
    }

    private UnixFileMode? ModeOf(string path)
    {
        if (!_modes.TryGetValue(path, out var mode))
        {
            try
            {
                mode = OperatingSystem.IsWindows() || !Path.Exists(path) ? null : File.GetUnixFileMode(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                mode = null; // gone meanwhile: the load itself fails and says so
            }
            _modes[path] = mode;
        }
        return mode;
    }

    private bool IsWithinRoot(string path) =>
        path == _root || path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
