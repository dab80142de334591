using Kairos.Host.Storage.Operator;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>The audit trail: the <c>audit</c> collection, its ids time-ordered (read newest first through the id index).</summary>
internal sealed partial class LiteDbStore
{
    public void Append(AuditEntry entry) => Write(() => _audit.Insert(entry));

    public IReadOnlyList<AuditEntry> AuditPage(string? jobId, string? beforeId, int limit)
    {
        var query = _audit.Query();
        if (beforeId is not null)
        {
            query = query.Where(BsonExpression.Create("_id < @0", beforeId));
        }
        if (jobId is not null)
        {
            query = query.Where(BsonExpression.Create("$.JobId = @0", jobId));
        }
        return query.OrderByDescending(BsonExpression.Create("_id")).Limit(limit).ToList();
    }

    public int ApplyAuditRetention(int keep, DateTimeOffset olderThan) => Write(() =>
    {
        var doomed = _audit.Query().OrderByDescending(BsonExpression.Create("_id")).Offset(keep).ToEnumerable()
            .Select(a => a.Id).ToHashSet(StringComparer.Ordinal);
        var cutoff = new BsonValue(StoreInstants.Milliseconds(olderThan).UtcDateTime);
        foreach (var old in _audit.Find(BsonExpression.Create("$.AtUtc < @0", cutoff)))
        {
            doomed.Add(old.Id);
        }
        foreach (var id in doomed)
        {
            _audit.Delete(id);
        }
        return doomed.Count;
    });
}
