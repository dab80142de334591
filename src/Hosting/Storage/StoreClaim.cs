using Kairos.Host.Hosting;
using Kairos.Host.Storage.LiteDb;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Storage;

/// <summary>
/// This host's hold on <c>FILE.lock</c> beside <see cref="KairosOptions.DatabasePath"/>: with LiteDB the store is this
/// host's alone, with PostgreSQL the file anchors this host's control endpoint for the CLI. <c>kairos run</c> takes it
/// before anything else starts, so a second host on the same file is refused before it loads a plugin or a script;
/// the store (or the cluster membership) then takes it over and releases it when it closes.
/// </summary>
internal sealed class StoreClaim(IOptions<KairosOptions> options) : IDisposable
{
    private readonly Lock _gate = new();
    private StoreFileLock? _held;

    /// <summary>The store file, as a full path.</summary>
    public string DatabasePath { get; } = Path.GetFullPath(options.Value.DatabasePath);

    /// <summary>Takes the lock if this host does not hold it yet.</summary>
    /// <exception cref="StoreOpenException">Another process holds it, or its folder does not exist and may not be created.</exception>
    public void Acquire()
    {
        lock (_gate)
        {
            _held ??= Lock(options.Value);
        }
    }

    /// <summary>Hands the lock (taken now if need be) to its owner, which releases it.</summary>
    public StoreFileLock Take()
    {
        lock (_gate)
        {
            var held = _held ?? Lock(options.Value);
            _held = null;
            return held;
        }
    }

    /// <summary>Releases a lock nobody took (the host stopped before its store opened).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _held?.Dispose();
            _held = null;
        }
    }

    private StoreFileLock Lock(KairosOptions kairos)
    {
        var folder = Path.GetDirectoryName(DatabasePath)!;
        if (!Directory.Exists(folder))
        {
            var isDefault = string.Equals(DatabasePath, Path.GetFullPath(KairosOptions.DefaultDatabasePath), StringComparison.Ordinal);
            if (!kairos.UsesPostgres && !kairos.CreateStore && !isDefault)
            {
                throw new StoreOpenException(
                    $"store '{DatabasePath}' cannot be created: folder '{folder}' does not exist; check the path, or add --create (Kairos:CreateStore) to create it");
            }
            StoreFileLock.CreateFolderOf(DatabasePath);
        }
        if (!kairos.UsesPostgres)
        {
            return StoreFileLock.Acquire(DatabasePath);
        }
        try
        {
            return StoreFileLock.Acquire(DatabasePath);
        }
        catch (StoreOpenException e)
        {
            throw new StoreOpenException(
                $"node file '{DatabasePath}' (where this host publishes its control API for the CLI) is in use by another Kairos host on this machine "
                + $"or cannot be created: give each host its own --db ({e.Message})", e);
        }
    }
}
