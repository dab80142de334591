using Kairos.Host.Catalog;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>Our own mapper (never <see cref="BsonMapper.Global"/>): UTC instants, TimeSpans as ticks, host types only.</summary>
internal static class KairosBsonMapper
{
    public static BsonMapper Create()
    {
        var mapper = new BsonMapper { SerializeNullValues = false, TrimWhitespace = false, EmptyStringToNull = false, EnumAsInteger = false };
        mapper.RegisterType(
            serialize: (DateTimeOffset value) => new BsonValue(value.UtcDateTime),
            deserialize: bson => new DateTimeOffset(DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        mapper.RegisterType(
            serialize: (TimeSpan value) => new BsonValue(value.Ticks),
            deserialize: bson => TimeSpan.FromTicks(bson.AsInt64));
        mapper.Entity<JobPolicies>().Ignore(p => p.ConcurrencyLimit);
        mapper.Entity<RunRecord>().Id(r => r.Id, autoId: false).Ignore(r => r.Duration);
        mapper.Entity<StoredTrigger>().Id(t => t.Id, autoId: false);
        mapper.Entity<StoredJob>().Id(j => j.Id, autoId: false);
        return mapper;
    }

    /// <summary>LiteDB keeps milliseconds; compare and store instants at that precision.</summary>
    public static DateTimeOffset Ms(DateTimeOffset value) => new(value.UtcTicks - value.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero);
}
