using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Host.Storage.LiteDb;

/// <summary>Our own mapper (never <see cref="BsonMapper.Global"/>): UTC instants, TimeSpans as ticks, host types only.</summary>
internal static class KairosBsonMapper
{
    private static Task<BsonMapper>? _prepared;

    /// <summary>
    /// Starts building a mapper on the thread pool for the next store that opens. Building one compiles a getter and
    /// a setter per mapped property (about 40 ms at a cold start); <c>kairos run</c> starts it first thing, so it
    /// overlaps the host's own set-up on another core instead of delaying the first fire.
    /// </summary>
    public static void Prepare()
    {
        if (Volatile.Read(ref _prepared) is null)
        {
            Interlocked.CompareExchange(ref _prepared, Task.Run(Create), null);
        }
    }

    /// <summary>A mapper for a store being opened: the prepared one (each is used by one store only), or a new one.</summary>
    public static BsonMapper Take()
    {
        if (Interlocked.Exchange(ref _prepared, null) is { } prepared)
        {
            try
            {
                return prepared.GetAwaiter().GetResult();
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                // Built again below, where the failure reaches the caller.
            }
        }
        return Create();
    }

    /// <summary>The types mapped to documents by hand (below).</summary>
    private static readonly HashSet<Type> ByHand = [typeof(StoredTrigger), typeof(RunRecord), typeof(RunBatch), typeof(StoredJob)];

    public static BsonMapper Create()
    {
        var mapper = new DocumentMapper(ByHand) { SerializeNullValues = false, TrimWhitespace = false, EmptyStringToNull = false, EnumAsInteger = false };
        mapper.RegisterType(
            serialize: (DateTimeOffset value) => new BsonValue(value.UtcDateTime),
            deserialize: bson => new DateTimeOffset(DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        mapper.RegisterType(
            serialize: (TimeSpan value) => new BsonValue(value.Ticks),
            deserialize: bson => TimeSpan.FromTicks(bson.AsInt64));
        // States are stored as their words ('waiting-for-handler', 'declared'), the ones the CLI prints and SQL stores.
        RegisterWords<RunStatus>(mapper);
        RegisterWords<TriggerOrigin>(mapper);
        RegisterWords<RunOrigin>(mapper);
        // The documents written most (a trigger per registration, a run per fire) and the job documents are mapped by
        // hand, field for field as the reflection mapper wrote them: no reflection, boxing or compiled accessors per
        // document. The entity configurations below still name the id field for queries.
        mapper.RegisterType(serialize: TriggerDocuments.ToDocument, deserialize: bson => TriggerDocuments.ToTrigger(bson.AsDocument));
        mapper.RegisterType(serialize: TriggerDocuments.ToDocument, deserialize: bson => TriggerDocuments.ToSpec(bson.AsDocument));
        mapper.RegisterType(serialize: RunDocuments.ToDocument, deserialize: bson => RunDocuments.ToRun(bson.AsDocument));
        mapper.RegisterType(serialize: RunDocuments.ToDocument, deserialize: bson => RunDocuments.ToBatch(bson.AsDocument));
        mapper.RegisterType(serialize: JobDocuments.ToDocument, deserialize: bson => JobDocuments.ToJob(bson.AsDocument));
        mapper.RegisterType(serialize: JobDocuments.ToDocument, deserialize: bson => JobDocuments.ToPolicies(bson.AsDocument));
        mapper.Entity<RunRecord>().Id(r => r.Id, autoId: false).Ignore(r => r.Duration);
        mapper.Entity<StoredTrigger>().Id(t => t.Id, autoId: false);
        mapper.Entity<StoredJob>().Id(j => j.Id, autoId: false).Ignore(j => j.Held);
        mapper.Entity<AuditEntry>().Id(a => a.Id, autoId: false);
        mapper.Entity<RunOnceEntry>().Id(e => e.Key, autoId: false);
        mapper.Entity<RunBatch>().Id(b => b.Id, autoId: false);
        return mapper;
    }

    private static void RegisterWords<TEnum>(BsonMapper mapper) where TEnum : struct, Enum =>
        mapper.RegisterType(serialize: (TEnum value) => new BsonValue(value.Word()), deserialize: bson => KebabCase.Parse<TEnum>(bson.AsString));
}
