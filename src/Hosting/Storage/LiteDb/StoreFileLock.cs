namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// An exclusive lock file beside the store (<c>FILE.lock</c>). LiteDB does not lock its file against a second
/// process on Linux, so without this two hosts would silently lose each other's writes.
/// </summary>
internal sealed class StoreFileLock : IDisposable
{
    private readonly FileStream _stream;

    private StoreFileLock(string databasePath, string path, FileStream stream)
    {
        DatabasePath = databasePath;
        Path = path;
        _stream = stream;
    }

    /// <summary>The store file this lock is beside.</summary>
    public string DatabasePath { get; }

    /// <summary>The lock file, <c>FILE.lock</c>.</summary>
    public string Path { get; }

    public static StoreFileLock Acquire(string databasePath)
    {
        var path = databasePath + ".lock";
        try
        {
            var stream = new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
            return new StoreFileLock(databasePath, path, stream);
        }
        catch (IOException e)
        {
            throw new StoreOpenException(
                $"store '{databasePath}' is in use by another Kairos process (lock file '{path}' is held): stop it or use its control API (the CLI does this for you)", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new StoreOpenException($"store '{databasePath}': cannot create lock file '{path}': {e.Message}", e);
        }
    }

    /// <summary>Creates the folder of <paramref name="databasePath"/> (and its parents) if it does not exist.</summary>
    /// <exception cref="StoreOpenException">The folder cannot be created; the message names it and why.</exception>
    public static void CreateFolderOf(string databasePath)
    {
        var folder = System.IO.Path.GetDirectoryName(databasePath)!;
        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new StoreOpenException($"store '{databasePath}': cannot create folder '{folder}': {e.Message}", e);
        }
    }

    /// <summary>True when some process holds the lock of this store now.</summary>
    public static bool IsHeld(string databasePath)
    {
        // No lock file, no holder: the probe below would create one, which a CLI verb on a mistyped --db must not leave.
        if (!File.Exists(databasePath + ".lock"))
        {
            return false;
        }
        try
        {
            using var probe = Acquire(databasePath);
            return false;
        }
        catch (StoreOpenException)
        {
            return true;
        }
    }

    public void Dispose() => _stream.Dispose();
}
