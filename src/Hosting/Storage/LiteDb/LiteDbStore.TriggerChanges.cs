using Kairos.Host.Storage.Catalog;
using Microsoft.Extensions.Logging;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>
/// Trigger changes written behind (<see cref="TriggerWriteBehind"/>). This process is the file's only user, so an upsert
/// or removal of a trigger need not be written before its call returns: it is kept in <see cref="_pending"/> (the latest
/// change per trigger) and written with the others in one transaction within the window, before any read of triggers or
/// runs this store serves (claims, the next due instant, queries, explain...) and any other write, and at a clean stop
/// (<see cref="Dispose"/>). So every reader sees every accepted change, and none merges the pending set with the file.
/// A failed write is logged with the triggers it holds and tried again (<see cref="TriggerWriteBehind.RetryDelay"/>); it
/// is never thrown at a caller that did not ask for it (<see cref="FlushTriggerChanges"/> does). A crash loses the
/// changes accepted within the last window.
/// </summary>
internal sealed partial class LiteDbStore
{
    private readonly PendingTriggers _pending = new();
    private readonly TriggerWriteBehind? _writeBehind;
    private readonly ITimer? _flushTimer;
    private readonly ILogger _logger;
    private int _flushScheduled;

    /// <summary>How many changed triggers may wait; an upsert that finds this many writes them before it returns.</summary>
    private const int PendingLimit = 4096;
    private bool _disposed;

    public void UpsertTriggers(IReadOnlyList<StoredTrigger> triggers)
    {
        if (_writeBehind is null)
        {
            Write(() => WriteUpserts(triggers));
            return;
        }
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed), this);
        _pending.Upsert(triggers);
        // Callers faster than the writer wait for it: the changes waiting stay few (memory, and the work left when the
        // callers stop), and each caller's own change is written with the others. A write that failed is retried by the
        // window's timer, like any other.
        if (_pending.Count >= PendingLimit && FlushTriggers(throwOnFailure: false))
        {
            return;
        }
        ScheduleFlush(_writeBehind.Window);
    }

    public bool RemoveTrigger(string jobId, string key)
    {
        var id = StoredTrigger.MakeId(jobId, key);
        if (_writeBehind is null)
        {
            return Write(() =>
            {
                TriggersChanged();
                return _triggers.Delete(id);
            });
        }
        lock (_write)
        {
            // The pending changes stay pending until written (under this lock): they and the file are the whole truth.
            var exists = _pending.Of(id) is { } pending ? pending.Trigger is not null
                : _behindByTrigger.TryGetValue(id, out var kept) ? kept.Advanced is not null : _triggers.FindById(id) is not null;
            if (exists)
            {
                _pending.Remove(id);
                ScheduleFlush(_writeBehind.Window);
            }
            return exists;
        }
    }

    public void FlushTriggerChanges() => FlushTriggers(throwOnFailure: true);

    /// <summary>Writes upserts at once (no write-behind) by the rules a flush writes pending ones with.</summary>
    private int WriteUpserts(IReadOnlyList<StoredTrigger> triggers)
    {
        TriggersChanged();
        WriteChanges([.. triggers.Select(t => new PendingTrigger(t.Id, t, AgainstStored: true))]);
        return 0;
    }

    private void ScheduleFlush(TimeSpan after)
    {
        if (Interlocked.CompareExchange(ref _flushScheduled, 1, 0) == 0)
        {
            _flushTimer!.Change(after, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The window's timer: writes the pending changes, and schedules itself again while some are left (a failure).</summary>
    private void OnFlushTimer()
    {
        Volatile.Write(ref _flushScheduled, 0);
        var written = FlushTriggers(throwOnFailure: false);
        if (!_pending.IsEmpty && !Volatile.Read(ref _disposed))
        {
            ScheduleFlush(written ? _writeBehind!.Window : TriggerWriteBehind.RetryDelay);
        }
    }

    /// <summary>
    /// Writes the pending trigger changes in one transaction, with the claims kept behind of the triggers they change
    /// (a claim made before the change is written before it). False when the write failed: the changes stay pending,
    /// logged, and with <paramref name="throwOnFailure"/> the error is thrown.
    /// </summary>
    private bool FlushTriggers(bool throwOnFailure)
    {
        if (_pending.IsEmpty)
        {
            return true;
        }
        lock (_write)
        {
            var changes = _pending.Snapshot();
            if (changes.Count == 0 || _disposed)
            {
                return changes.Count == 0;
            }
            var behind = TakeBehindOfTriggers(changes.Where(c => IsClaimedBehind(c.Id)).Select(c => c.Id));
            var written = new List<StoredTrigger>(changes.Count);
            _db.BeginTrans();
            try
            {
                WriteTaken(behind);
                WriteChanges(changes, written);
                _db.Commit();
            }
            catch (Exception e)
            {
                _db.Rollback();
                RestoreBehind(behind);
                LogTriggerChangesNotWritten(_logger, e, changes.Count, Path, TriggerList(changes), TriggerWriteBehind.RetryDelay.TotalMilliseconds);
                if (throwOnFailure)
                {
                    throw;
                }
                return false;
            }
            DueWritten(changes.Select(c => c.Id).ToHashSet(StringComparer.Ordinal), written);
            _pending.Written(changes);
            return true;
        }
    }

    /// <summary>
    /// Writes pending changes: removals deleted; upserts compared with the stored triggers (read together,
    /// <see cref="StoredAmong"/>: a batch of new triggers reads nothing) and inserted in bulk when new. The stored
    /// state of each upsert is added to <paramref name="written"/> when given.
    /// </summary>
    private void WriteChanges(List<PendingTrigger> changes, List<StoredTrigger>? written = null)
    {
        var compared = new List<StoredTrigger>();
        foreach (var change in changes)
        {
            if (change.Trigger is not { } trigger)
            {
                _triggers.Delete(change.Id);
            }
            else if (change.AgainstStored)
            {
                compared.Add(trigger);
            }
            else
            {
                _triggers.Upsert(trigger);
                written?.Add(trigger);
            }
        }
        if (compared.Count == 0)
        {
            return;
        }
        var stored = StoredAmong(compared);
        var added = new List<StoredTrigger>();
        foreach (var trigger in compared)
        {
            if (!stored.TryGetValue(trigger.Id, out var existing))
            {
                added.Add(trigger);
            }
            else if (TriggerUpsert.SameSchedule(existing.Spec, trigger.Spec))
            {
                // A copy: the pending change may be read meanwhile (a later change of the same trigger coalescing over it).
                var kept = new StoredTrigger
                {
                    Id = trigger.Id, JobId = trigger.JobId, Spec = trigger.Spec, Origin = trigger.Origin,
                    NextFireUtc = existing.NextFireUtc, LastFireUtc = existing.LastFireUtc,
                };
                _triggers.Update(kept);
                written?.Add(kept);
            }
            else
            {
                _triggers.Update(trigger);
                written?.Add(trigger);
            }
        }
        if (added.Count > 0)
        {
            _triggers.InsertBulk(added);
            written?.AddRange(added);
        }
    }

    private static string TriggerList(List<PendingTrigger> changes)
    {
        const int Shown = 20;
        var ids = string.Join(", ", changes.Take(Shown).Select(c => c.Trigger is null ? "-" + c.Id : c.Id));
        return changes.Count > Shown ? $"{ids} and {changes.Count - Shown} more" : ids;
    }

    /// <summary>At a clean stop: the last pending changes are written, or logged as lost.</summary>
    private void FlushTriggersAtStop()
    {
        _flushTimer?.Dispose();
        if (!FlushTriggers(throwOnFailure: false))
        {
            LogTriggerChangesLost(_logger, Path, TriggerList(_pending.Snapshot()));
        }
        _disposed = true;
    }

    [LoggerMessage(EventId = 813, Level = LogLevel.Error,
        Message = "Store {Path}: {Count} trigger change(s) accepted and not written ({Triggers}; '-' removes); retrying in {RetryMs} ms")]
    private static partial void LogTriggerChangesNotWritten(ILogger logger, Exception exception, int count, string path, string triggers, double retryMs);

    [LoggerMessage(EventId = 814, Level = LogLevel.Error,
        Message = "Store {Path} closed with trigger changes not written ({Triggers}; '-' removes): they are lost")]
    private static partial void LogTriggerChangesLost(ILogger logger, string path, string triggers);
}
