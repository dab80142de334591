namespace Kairos.Host.Operations.Endpoint;

/// <summary>
/// Writes files that hold a secret (the control API's token) so that no other local user can read them at any
/// moment: the bytes go to a new file created owner-read/write (0600) from its first byte, which then replaces the
/// target by rename. Narrowing the mode after writing, as <see cref="File.WriteAllText(string, string?)"/> and a
/// later chmod would, leaves the secret readable (0644 after the usual umask) in between; the rename also means a
/// reader never sees a half-written file.
/// </summary>
internal static class OwnerOnlyFile
{
    /// <summary>Read and write for the owner, nothing for the group or others.</summary>
    public const UnixFileMode Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates <paramref name="path"/>, which must not exist, with <see cref="Mode"/> from the start.</summary>
    public static FileStream CreateNew(string path)
    {
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = Mode;
        }
        return new FileStream(path, options);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="contents"/>, never readable by others.</summary>
    public static void WriteAllText(string path, string contents)
    {
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var stream = CreateNew(temp))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
