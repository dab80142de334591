using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Postgres;

namespace Kairos.Tests.Storage.Catalog;

/// <summary>
/// The stored forms of a trigger's description and a job's policies, pinned: the JSON in PostgreSQL's <c>spec</c> and
/// <c>policies</c> columns and the BSON of LiteDB's documents, as the stores wrote them before these forms had storage
/// shapes of their own. Renaming a property of <see cref="TriggerSpec"/> or <see cref="JobPolicies"/> must not change them.
/// </summary>
public sealed class StoredFormTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 30, 0, TimeSpan.Zero);

    private static readonly TriggerSpec Full = TriggerSpec.Cron("daily", "0 9 * * 1-5", "Europe/Berlin") with
    {
        StartUtc = T0, EndUtc = T0.AddDays(30), Misfire = MisfirePolicy.Skip, Priority = 3, DataJson = "{\"a\":1}",
    };

    private static readonly TriggerSpec Sparse = TriggerSpec.Interval("poll", TimeSpan.FromSeconds(90));

    private static readonly TriggerSpec OneShot = TriggerSpec.Once("once", T0);

    private static readonly JobPolicies Policies = new()
    {
        Overlap = OverlapPolicy.Allow, MaxConcurrency = 4, Scope = ConcurrencyScope.Trigger, MaxAttempts = 3,
        RetryBackoff = TimeSpan.FromSeconds(30), Timeout = TimeSpan.FromMinutes(5), Recovery = RecoveryPolicy.Rerun,
        RetentionCount = 100, RetentionAge = TimeSpan.FromDays(7),
    };

    /// <summary>Auto-pause (#14) adds one field, written only when set.</summary>
    private static readonly JobPolicies AutoPause = JobPolicies.Default with { PauseAfterFailures = 3 };

    public static TheoryData<string, string> PostgresJson => new()
    {
        {
            nameof(Full),
            """{"Key":"daily","Kind":"Cron","CronExpression":"0 9 * * 1-5","Period":null,"RunAtUtc":null,"TimeZone":"Europe/Berlin","StartUtc":"2026-12-04T09:30:00+00:00","EndUtc":"2027-01-03T09:30:00+00:00","Misfire":"Skip","Priority":3,"DataJson":"{\u0022a\u0022:1}"}"""
        },
        {
            nameof(Sparse),
            """{"Key":"poll","Kind":"Interval","CronExpression":null,"Period":"00:01:30","RunAtUtc":null,"TimeZone":"UTC","StartUtc":null,"EndUtc":null,"Misfire":"FireOnce","Priority":0,"DataJson":null}"""
        },
        {
            nameof(OneShot),
            """{"Key":"once","Kind":"Once","CronExpression":null,"Period":null,"RunAtUtc":"2026-12-04T09:30:00+00:00","TimeZone":"UTC","StartUtc":null,"EndUtc":null,"Misfire":"FireOnce","Priority":0,"DataJson":null}"""
        },
        {
            nameof(Policies),
            """{"Overlap":"Allow","MaxConcurrency":4,"Scope":"Trigger","MaxAttempts":3,"RetryBackoff":"00:00:30","Timeout":"00:05:00","Recovery":"Rerun","RetentionCount":100,"RetentionAge":"7.00:00:00"}"""
        },
        {
            nameof(JobPolicies.Default),
            """{"Overlap":"Skip","MaxConcurrency":1,"Scope":"Job","MaxAttempts":1,"RetryBackoff":"00:00:10","Timeout":null,"Recovery":"None","RetentionCount":0,"RetentionAge":null}"""
        },
        {
            nameof(AutoPause),
            """{"Overlap":"Skip","MaxConcurrency":1,"Scope":"Job","MaxAttempts":1,"RetryBackoff":"00:00:10","Timeout":null,"Recovery":"None","RetentionCount":0,"RetentionAge":null,"PauseAfterFailures":3}"""
        },
    };

    public static TheoryData<string, string> LiteDbDocument => new()
    {
        {
            nameof(Full),
            """{"Key":"daily","Kind":"Cron","CronExpression":"0 9 * * 1-5","TimeZone":"Europe/Berlin","StartUtc":{"$date":"2026-12-04T09:30:00.0000000Z"},"EndUtc":{"$date":"2027-01-03T09:30:00.0000000Z"},"Misfire":"Skip","Priority":3,"DataJson":"{\"a\":1}"}"""
        },
        {
            nameof(Sparse),
            """{"Key":"poll","Kind":"Interval","Period":{"$numberLong":"900000000"},"TimeZone":"UTC","Misfire":"FireOnce","Priority":0}"""
        },
        {
            nameof(OneShot),
            """{"Key":"once","Kind":"Once","RunAtUtc":{"$date":"2026-12-04T09:30:00.0000000Z"},"TimeZone":"UTC","Misfire":"FireOnce","Priority":0}"""
        },
        {
            nameof(Policies),
            """{"Overlap":"Allow","MaxConcurrency":4,"Scope":"Trigger","MaxAttempts":3,"RetryBackoff":{"$numberLong":"300000000"},"Timeout":{"$numberLong":"3000000000"},"Recovery":"Rerun","RetentionCount":100,"RetentionAge":{"$numberLong":"6048000000000"}}"""
        },
        {
            nameof(JobPolicies.Default),
            """{"Overlap":"Skip","MaxConcurrency":1,"Scope":"Job","MaxAttempts":1,"RetryBackoff":{"$numberLong":"100000000"},"Recovery":"None","RetentionCount":0}"""
        },
        {
            nameof(AutoPause),
            """{"Overlap":"Skip","MaxConcurrency":1,"Scope":"Job","MaxAttempts":1,"RetryBackoff":{"$numberLong":"100000000"},"Recovery":"None","RetentionCount":0,"PauseAfterFailures":3}"""
        },
    };

    [Theory]
    [MemberData(nameof(PostgresJson))]
    public void PostgresJson_IsTodays_AndReadsBack(string name, string json)
    {
        var written = Value(name) is TriggerSpec spec ? PostgresRows.ToJson(spec) : PostgresRows.ToJson((JobPolicies)Value(name));

        Assert.Equal(json, written);
        Assert.Equal(Value(name), Value(name) is TriggerSpec ? PostgresRows.ReadSpec(json) : PostgresRows.ReadPolicies(json));
    }

    [Theory]
    [MemberData(nameof(LiteDbDocument))]
    public void LiteDbDocument_IsTodays_AndReadsBack(string name, string json)
    {
        var mapper = KairosBsonMapper.Create();
        var value = Value(name);
        var document = value is TriggerSpec spec
            ? mapper.ToDocument(new StoredTrigger { Id = "j/k", JobId = "j", Spec = spec, Origin = TriggerOrigin.Declared })["Spec"].AsDocument
            : mapper.ToDocument(new StoredJob { Id = "j", Description = "", Source = "s", Policies = (JobPolicies)value, UpdatedUtc = T0 })["Policies"].AsDocument;

        Assert.Equal(json, LiteDB.JsonSerializer.Serialize(document));
        var stored = LiteDB.JsonSerializer.Deserialize(json).AsDocument;
        Assert.Equal(value, value is TriggerSpec
            ? mapper.ToObject<StoredTrigger>(new LiteDB.BsonDocument { ["_id"] = "j/k", ["JobId"] = "j", ["Spec"] = stored, ["Origin"] = "declared" }).Spec
            : mapper.ToObject<StoredJob>(new LiteDB.BsonDocument { ["_id"] = "j", ["Source"] = "s", ["Policies"] = stored }).Policies);
    }

    [Fact]
    public void LiteDbJobDocument_HasTheJobsFields_AndNoDerivedOne()
    {
        var mapper = KairosBsonMapper.Create();
        var job = new StoredJob { Id = "j", Source = "s", UpdatedUtc = T0 };
        job.SetPause(new JobPause("deploy", "cli:ana", T0.AddHours(1)), T0);

        var document = mapper.ToDocument(job);

        Assert.Equal(
            ["_id", "Description", "Source", "Policies", "Paused", "PauseReason", "PausedBy", "PausedUntilUtc", "UpdatedUtc"],
            document.Keys);
        Assert.Equal(job.PausedUntilUtc, mapper.ToObject<StoredJob>(document).PausedUntilUtc);
    }

    private static object Value(string name) => name switch
    {
        nameof(Full) => Full,
        nameof(Sparse) => Sparse,
        nameof(OneShot) => OneShot,
        nameof(Policies) => Policies,
        nameof(AutoPause) => AutoPause,
        _ => JobPolicies.Default,
    };
}
