using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using LiteDB;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// The embedded store: one LiteDB file, opened once per process behind an exclusive lock file. Every write that
/// touches several documents runs in one short synchronous transaction under one writer lock (LiteDB
/// transactions belong to the thread, so none ever spans an await).
/// </summary>
internal sealed partial class LiteDbStore : ICatalogStore, IClaimStore, IRunRecorder, ILeaseStore, IRunHistory, IAuditLog, IBackfillStore, IRunOnceLedger, IDisposable
{
    private readonly object _write = new();
    private readonly StoreFileLock _lock;
    private readonly LiteDatabase _db;
    private readonly ILiteCollection<StoredJob> _jobs;
    private readonly ILiteCollection<StoredTrigger> _triggers;
    private readonly ILiteCollection<RunRecord> _runs;
    private readonly ILiteCollection<RunBatch> _runBatches;
    private readonly ILiteCollection<AuditEntry> _audit;
    private readonly ILiteCollection<RunOnceEntry> _runOnce;

    /// <summary>Opens (or creates) the store file, creating its folder, and takes its lock.</summary>
    public LiteDbStore(string path, ILogger<LiteDbStore>? logger = null)
        : this(LockCreatingFolder(System.IO.Path.GetFullPath(path)), logger)
    {
    }

    /// <summary>
    /// Opens (or creates) the store file whose lock this process holds; the store releases the lock when disposed. With
    /// <paramref name="writeBehind"/>, trigger changes are written behind (<see cref="TriggerWriteBehind"/>).
    /// </summary>
    public LiteDbStore(StoreFileLock held, ILogger<LiteDbStore>? logger = null, TriggerWriteBehind? writeBehind = null)
    {
        Path = held.DatabasePath;
        _lock = held;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _writeBehind = writeBehind;
        if (StoreFileCheck.Check(Path) is { } fileError)
        {
            _lock.Dispose();
            throw new StoreOpenException($"store '{Path}' {fileError}; the file was left untouched");
        }
        try
        {
            var created = !File.Exists(Path) || new FileInfo(Path).Length == 0;
            var connection = new ConnectionString
            {
                Filename = Path, Connection = ConnectionType.Direct, Upgrade = false, Collation = created ? Collation.Binary : null,
            };
            _db = new LiteDatabase(connection, KairosBsonMapper.Take());
            RebuildWithOrdinalKeys(logger);
            _jobs = _db.GetCollection<StoredJob>("jobs");
            _triggers = _db.GetCollection<StoredTrigger>("triggers");
            _runs = _db.GetCollection<RunRecord>("runs");
            _runBatches = _db.GetCollection<RunBatch>("run_batches");
            _audit = _db.GetCollection<AuditEntry>("audit");
            _runOnce = _db.GetCollection<RunOnceEntry>("run_once");
            _triggers.EnsureIndex(t => t.NextFireUtc);
            _triggers.DropIndex("JobId"); // kept by stores written before 2026-12-03; see TriggersOf
            _runs.DropIndex("JobId"); // kept by stores written before 2026-12-03; see Query and ApplyRetention
            _runs.DropIndex("Status"); // kept by stores written before 2026-12-03; see OpenRuns
            _runs.EnsureIndex(OpenIndex, OpenStatus);
            _runs.DropIndex("KeyStatus"); // kept by stores written before 2026-11-25; see RunningWithKey
            _runs.EnsureIndex(r => r.ScheduledUtc);
            OpenRunBatches();
            _jobs.EnsureIndex(j => j.Paused);
            _audit.EnsureIndex(a => a.JobId);
            _flushTimer = writeBehind?.Time.CreateTimer(_ => OnFlushTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            if (created)
            {
                LogCreated((ILogger?)logger ?? NullLogger.Instance, Path);
            }
            else
            {
                LogOpened((ILogger?)logger ?? NullLogger.Instance, Path);
            }
        }
        catch (Exception e) when (StoreFileCheck.IsUnreadable(e))
        {
            _db?.Dispose();
            _lock.Dispose();
            throw new StoreOpenException(
                $"store '{Path}' cannot be opened: it is corrupt or not a LiteDB file ({e.GetType().Name}: {e.Message})", e);
        }
    }

    public string Path { get; }

    private static StoreFileLock LockCreatingFolder(string path)
    {
        StoreFileLock.CreateFolderOf(path);
        return StoreFileLock.Acquire(path);
    }

    /// <summary>
    /// Strings are compared ordinally (<see cref="Collation.Binary"/>), as every other part of Kairos and PostgreSQL
    /// compare them: two ids that differ only in case are two ids, and a comparison is a memory compare rather than a
    /// culture-aware one. A store written before 2026-12-03 has LiteDB's default collation (the current culture,
    /// ignoring case); it is rebuilt once, on open, and the original is kept beside it as <c>NAME-backup.db</c>.
    /// </summary>
    private void RebuildWithOrdinalKeys(ILogger? logger)
    {
        var collation = _db.Collation.ToString();
        if (collation != Collation.Binary.ToString())
        {
            _db.Rebuild(new LiteDB.Engine.RebuildOptions { Collation = Collation.Binary });
            LogRebuilt(logger ?? NullLogger.Instance, Path, collation, Collation.Binary.ToString());
        }
    }


    public void Dispose()
    {
        lock (_write)
        {
            try
            {
                FlushTriggersAtStop(); // a clean stop loses no trigger change
                WriteBehindNow(); // nor a claim kept behind
            }
            finally
            {
                _db.Dispose();
                _lock.Dispose();
            }
        }
    }

    [LoggerMessage(EventId = 810, Level = LogLevel.Warning,
        Message = "Store {Path} was written with collation {Old}; rebuilt once with {New} (ordinal ids, as PostgreSQL compares them); the original is kept beside it with the suffix -backup")]
    private static partial void LogRebuilt(ILogger logger, string path, string old, string @new);

    [LoggerMessage(EventId = 811, Level = LogLevel.Information, Message = "Store: LiteDB file {Path}")]
    private static partial void LogOpened(ILogger logger, string path);

    [LoggerMessage(EventId = 812, Level = LogLevel.Information, Message = "Store: LiteDB file {Path}, created now (new and empty)")]
    private static partial void LogCreated(ILogger logger, string path);

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction under the writer lock, after writing the trigger changes kept behind
    /// (in a transaction of their own) and in it the claims kept behind (unless <paramref name="writeBehindFirst"/> is
    /// false: the work touches no run or trigger, or handles them itself).
    /// </summary>
    private T Write<T>(Func<T> work, bool writeBehindFirst = true)
    {
        lock (_write)
        {
            if (writeBehindFirst)
            {
                FlushTriggers(throwOnFailure: false);
            }
            var behind = writeBehindFirst ? TakeBehind(null) : [];
            _db.BeginTrans();
            try
            {
                WriteTaken(behind);
                var result = work();
                _db.Commit();
                return result;
            }
            catch
            {
                _db.Rollback();
                RestoreBehind(behind);
                throw;
            }
        }
    }
}
