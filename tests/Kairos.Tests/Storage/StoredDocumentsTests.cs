using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using LiteDB;

namespace Kairos.Tests.Storage;

/// <summary>
/// The LiteDB documents mapped by hand (<see cref="TriggerDocuments"/>, <see cref="RunDocuments"/>,
/// <see cref="JobDocuments"/>) against LiteDB's reflection mapper configured as the store's mapper was before them: the
/// same documents field for field, every field read back, and a file written either way read the same by the other.
/// </summary>
public sealed class StoredDocumentsTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 30, 0, 123, TimeSpan.Zero);

    private static readonly TriggerSpec FullSpec = TriggerSpec.Cron("daily", "0 9 * * 1-5", "Europe/Berlin") with
    {
        Period = TimeSpan.FromSeconds(90), RunAtUtc = T0.AddHours(1), StartUtc = T0, EndUtc = T0.AddDays(30), Misfire = MisfirePolicy.Skip,
        Priority = 3, DataJson = "{\"a\":1}", Jitter = TimeSpan.FromMinutes(5), Calendars = ["holidays", "weekends"],
    };

    private static readonly StoredTrigger FullTrigger = new()
    {
        Id = "j/daily", JobId = "j", Spec = FullSpec, Origin = TriggerOrigin.Dynamic, NextFireUtc = T0.AddMinutes(1), LastFireUtc = T0.AddMinutes(-1),
    };

    private static readonly StoredTrigger SparseTrigger = new()
    {
        Id = "j/once", JobId = "j", Spec = TriggerSpec.Once("once", T0), Origin = TriggerOrigin.Declared,
    };

    private static readonly RunRecord FullRun = new()
    {
        Id = "0001", JobId = "j", TriggerKey = "daily", ConcurrencyKey = "j/daily", ScheduledUtc = T0, NotBeforeUtc = T0.AddSeconds(10),
        StartedUtc = T0.AddSeconds(11), EndedUtc = T0.AddSeconds(12), Status = RunStatus.WaitingForHandler, Attempt = 2, Priority = 7,
        Node = "node-1", Version = "1.2.3", DataJson = "{\"b\":2}", ErrorType = "System.Exception", ErrorMessage = "boom",
        ErrorStack = "at X", Log = ["one", "two"], LeaseExpiresUtc = T0.AddSeconds(40), Fence = 5_000_000_000,
        CancelRequestedUtc = T0.AddSeconds(13), CancelRequestedBy = "cli:ana", HostDeaths = 1, TraceParent = "00-abc-def-01",
        TraceState = "k=v", Origin = RunOrigin.Backfill, MaxParallel = 2,
    };

    private static readonly RunRecord SparseRun = new()
    {
        Id = "0002", JobId = "j", TriggerKey = "once", ConcurrencyKey = "j", ScheduledUtc = T0, NotBeforeUtc = T0, Status = RunStatus.Pending,
    };

    private static readonly RunBatch Batch = new()
    {
        Id = "0001", Last = "0002", FromUtc = T0, ToUtc = T0.AddSeconds(1), Runs = [FullRun, SparseRun with { Status = RunStatus.Succeeded, EndedUtc = T0 }],
    };

    private static readonly StoredJob FullJob = new()
    {
        Id = "j", Description = "the job", Source = "plugin:x", Version = "2", Paused = true, PauseReason = "deploy", PausedBy = "cli:ana",
        PausedUntilUtc = T0.AddHours(1), DisabledReason = "config", DisabledBy = "api", DisabledByOperatorReason = "broken", UpdatedUtc = T0,
        Policies = new JobPolicies
        {
            Overlap = OverlapPolicy.Allow, MaxConcurrency = 4, Scope = ConcurrencyScope.Trigger, MaxAttempts = 3,
            RetryBackoff = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromMinutes(5), Recovery = RecoveryPolicy.Rerun,
            RetentionCount = 100, RetentionAge = TimeSpan.FromDays(7), PauseAfterFailures = 3, OnSuccess = "next", OnFailure = "alert",
        },
    };

    private static readonly StoredJob SparseJob = new() { Id = "k", Source = "app", UpdatedUtc = T0 };

    public static TheoryData<string> Samples => [nameof(FullTrigger), nameof(SparseTrigger), nameof(FullRun), nameof(SparseRun), nameof(Batch), nameof(FullJob), nameof(SparseJob)];

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryDocument_IsTheOneTheReflectionMapperWrote_FieldForField(string name)
    {
        var (type, value) = Sample(name);

        Assert.Equal(Json(Reflection().ToDocument(type, value)), Json(KairosBsonMapper.Create().ToDocument(type, value)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryField_ReadsBack_AsItWasWritten(string name)
    {
        var (type, value) = Sample(name);
        var mapper = KairosBsonMapper.Create();

        var read = mapper.ToObject(type, mapper.ToDocument(type, value));

        Assert.Equal(Json(Reflection().ToDocument(type, value)), Json(Reflection().ToDocument(type, read)));
    }

    [Theory]
    [MemberData(nameof(Samples))]
    public void ADocumentWrittenByTheReflectionMapper_ReadsAsItWasWritten(string name)
    {
        var (type, value) = Sample(name);

        var read = KairosBsonMapper.Create().ToObject(type, Reflection().ToDocument(type, value));

        Assert.Equal(Json(Reflection().ToDocument(type, value)), Json(Reflection().ToDocument(type, read)));
    }

    [Fact]
    public void AFileWrittenByTheReflectionMapper_ReadsTheSame_AndOneWrittenByHandReadsTheSameThere()
    {
        foreach (var (writer, reader) in new[] { (Reflection(), KairosBsonMapper.Create()), (KairosBsonMapper.Create(), Reflection()) })
        {
            using var file = new MemoryStream();
            using (var db = new LiteDatabase(file, writer))
            {
                db.GetCollection<StoredTrigger>("triggers").Insert([FullTrigger, SparseTrigger]);
                db.GetCollection<RunRecord>("runs").Insert([FullRun, SparseRun]);
                db.GetCollection<RunBatch>("run_batches").Insert(Batch);
                db.GetCollection<StoredJob>("jobs").Insert([FullJob, SparseJob]);
            }
            file.Position = 0;
            using var reopened = new LiteDatabase(file, reader);

            Assert.Equal(Json(FullTrigger), Json(reopened.GetCollection<StoredTrigger>("triggers").FindById(FullTrigger.Id)));
            Assert.Equal(Json(SparseTrigger), Json(reopened.GetCollection<StoredTrigger>("triggers").FindById(SparseTrigger.Id)));
            Assert.Equal(Json(FullRun), Json(reopened.GetCollection<RunRecord>("runs").FindById(FullRun.Id)));
            Assert.Equal(Json(SparseRun), Json(reopened.GetCollection<RunRecord>("runs").FindById(SparseRun.Id)));
            Assert.Equal(Json(Batch), Json(reopened.GetCollection<RunBatch>("run_batches").FindById(Batch.Id)));
            Assert.Equal(Json(FullJob), Json(reopened.GetCollection<StoredJob>("jobs").FindById(FullJob.Id)));
            Assert.Equal(Json(SparseJob), Json(reopened.GetCollection<StoredJob>("jobs").FindById(SparseJob.Id)));
            Assert.Equal([FullTrigger.Id], reopened.GetCollection<StoredTrigger>("triggers").Find(t => t.NextFireUtc > T0).Select(t => t.Id));
        }
    }

    [Fact]
    public void ARunWithoutTheFieldsAddedLater_ReadsWithTheirDefaults()
    {
        var document = new BsonDocument
        {
            ["_id"] = "0003", ["JobId"] = "j", ["TriggerKey"] = "t", ["ConcurrencyKey"] = "j", ["ScheduledUtc"] = T0.UtcDateTime,
            ["NotBeforeUtc"] = T0.UtcDateTime, ["Status"] = "succeeded",
        };

        var run = KairosBsonMapper.Create().ToObject<RunRecord>(document);

        Assert.Equal(Json(Reflection().ToObject<RunRecord>(document)), Json(run));
        Assert.Equal((1, 0, RunOrigin.Trigger, 0), (run.Attempt, run.HostDeaths, run.Origin, run.Log.Count));
    }

    private static (Type Type, object Value) Sample(string name) => name switch
    {
        nameof(FullTrigger) => (typeof(StoredTrigger), FullTrigger),
        nameof(SparseTrigger) => (typeof(StoredTrigger), SparseTrigger),
        nameof(FullRun) => (typeof(RunRecord), FullRun),
        nameof(SparseRun) => (typeof(RunRecord), SparseRun),
        nameof(Batch) => (typeof(RunBatch), Batch),
        nameof(FullJob) => (typeof(StoredJob), FullJob),
        _ => (typeof(StoredJob), SparseJob),
    };

    private static string Json<T>(T value) => Json(Reflection().ToDocument(value));

    private static string Json(BsonDocument document) => LiteDB.JsonSerializer.Serialize(document);

    /// <summary>The store's mapper as it was before the documents were mapped by hand: LiteDB's reflection mapper with our rules.</summary>
    private static BsonMapper Reflection()
    {
        var mapper = new BsonMapper { SerializeNullValues = false, TrimWhitespace = false, EmptyStringToNull = false, EnumAsInteger = false };
        mapper.RegisterType(
            serialize: (DateTimeOffset value) => new BsonValue(value.UtcDateTime),
            deserialize: bson => new DateTimeOffset(DateTime.SpecifyKind(bson.AsDateTime.ToUniversalTime(), DateTimeKind.Utc)));
        mapper.RegisterType(serialize: (TimeSpan value) => new BsonValue(value.Ticks), deserialize: bson => TimeSpan.FromTicks(bson.AsInt64));
        mapper.RegisterType(serialize: (RunStatus value) => new BsonValue(value.Word()), deserialize: bson => KebabCase.Parse<RunStatus>(bson.AsString));
        mapper.RegisterType(serialize: (TriggerOrigin value) => new BsonValue(value.Word()), deserialize: bson => KebabCase.Parse<TriggerOrigin>(bson.AsString));
        mapper.RegisterType(serialize: (RunOrigin value) => new BsonValue(value.Word()), deserialize: bson => KebabCase.Parse<RunOrigin>(bson.AsString));
        mapper.RegisterType(
            serialize: (TriggerSpec spec) => mapper.ToDocument(TriggerSpecShape.From(spec)),
            deserialize: bson => mapper.ToObject<TriggerSpecShape>(bson.AsDocument).ToSpec());
        mapper.RegisterType(
            serialize: (JobPolicies policies) => mapper.ToDocument(JobPoliciesShape.From(policies)),
            deserialize: bson => mapper.ToObject<JobPoliciesShape>(bson.AsDocument).ToPolicies());
        mapper.Entity<RunRecord>().Id(r => r.Id, autoId: false).Ignore(r => r.Duration);
        mapper.Entity<StoredTrigger>().Id(t => t.Id, autoId: false);
        mapper.Entity<StoredJob>().Id(j => j.Id, autoId: false).Ignore(j => j.Held);
        mapper.Entity<AuditEntry>().Id(a => a.Id, autoId: false);
        mapper.Entity<RunOnceEntry>().Id(e => e.Key, autoId: false);
        mapper.Entity<RunBatch>().Id(b => b.Id, autoId: false);
        return mapper;
    }
}
