using System.Text.Json;
using System.Text.Json.Serialization;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Runs;
using Kairos.Host.Text;
using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>Column lists, row readers and the JSON of trigger descriptions and job policies (JSON only, never binary).</summary>
internal static class PostgresRows
{
    public const string RunColumns =
        "id, job_id, trigger_key, concurrency_key, scheduled_utc, not_before_utc, started_utc, ended_utc, status, attempt, priority, "
        + "node, version, data_json, error_type, error_message, error_stack, log, lease_expires_utc, fence, cancel_requested_utc, host_deaths, cancel_requested_by, "
        + "trace_parent, trace_state, origin, max_parallel";

    public const string TriggerColumns = "id, job_id, spec, origin, next_fire_utc, last_fire_utc";

    public const string JobColumns = "id, description, source, version, policies, paused, pause_reason, updated_utc, paused_by, paused_until_utc, disabled_reason, disabled_by, disabled_by_operator_reason";

    private static readonly JsonSerializerOptions Json = CreateJson();

    public static string ToJson(TriggerSpec spec) => JsonSerializer.Serialize(TriggerSpecShape.From(spec), Json);

    public static string ToJson(JobPolicies policies) => JsonSerializer.Serialize(JobPoliciesShape.From(policies), Json);

    public static TriggerSpec ReadSpec(string json) => JsonSerializer.Deserialize<TriggerSpecShape>(json, Json)!.ToSpec();

    public static JobPolicies ReadPolicies(string json) => JsonSerializer.Deserialize<JobPoliciesShape>(json, Json)!.ToPolicies();

    public static RunRecord ReadRun(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        JobId = r.GetString(1),
        TriggerKey = r.GetString(2),
        ConcurrencyKey = r.GetString(3),
        ScheduledUtc = Instant(r, 4)!.Value,
        NotBeforeUtc = Instant(r, 5)!.Value,
        StartedUtc = Instant(r, 6),
        EndedUtc = Instant(r, 7),
        Status = KebabCase.Parse<RunStatus>(r.GetString(8)),
        Attempt = r.GetInt32(9),
        Priority = r.GetInt32(10),
        Node = Text(r, 11),
        Version = Text(r, 12),
        DataJson = Text(r, 13),
        ErrorType = Text(r, 14),
        ErrorMessage = Text(r, 15),
        ErrorStack = Text(r, 16),
        Log = [.. r.GetFieldValue<string[]>(17)],
        LeaseExpiresUtc = Instant(r, 18),
        Fence = r.GetInt64(19),
        CancelRequestedUtc = Instant(r, 20),
        HostDeaths = r.GetInt32(21),
        CancelRequestedBy = Text(r, 22),
        TraceParent = Text(r, 23),
        TraceState = Text(r, 24),
        Origin = Text(r, 25) is { } origin ? KebabCase.Parse<RunOrigin>(origin) : RunOrigin.Trigger,
        MaxParallel = r.IsDBNull(26) ? null : r.GetInt32(26),
    };

    /// <summary>The number of columns in <see cref="RunColumns"/>: the ordinal of the first column a query adds after them.</summary>
    public const int RunColumnCount = 27;

    public static StoredTrigger ReadTrigger(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        JobId = r.GetString(1),
        Spec = ReadSpec(r.GetString(2)),
        Origin = KebabCase.Parse<TriggerOrigin>(r.GetString(3)),
        NextFireUtc = Instant(r, 4),
        LastFireUtc = Instant(r, 5),
    };

    public static StoredJob ReadJob(NpgsqlDataReader r) => new()
    {
        Id = r.GetString(0),
        Description = r.GetString(1),
        Source = r.GetString(2),
        Version = Text(r, 3),
        Policies = ReadPolicies(r.GetString(4)),
        Paused = r.GetBoolean(5),
        PauseReason = Text(r, 6),
        UpdatedUtc = Instant(r, 7)!.Value,
        PausedBy = Text(r, 8),
        PausedUntilUtc = Instant(r, 9),
        DisabledReason = Text(r, 10),
        DisabledBy = Text(r, 11),
        DisabledByOperatorReason = Text(r, 12),
    };

    public static List<T> ReadAll<T>(NpgsqlCommand command, Func<NpgsqlDataReader, T> read)
    {
        using var reader = command.ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(read(reader));
        }
        return rows;
    }

    /// <summary>Adds the parameters of every run column, named <c>@PREFIXCOLUMN</c> (<c>@p_COLUMN</c> by default).</summary>
    public static void AddRun(NpgsqlParameterCollection p, RunRecord run, string? incarnation, string prefix = "p_")
    {
        p.Text(prefix + "id", run.Id).Text(prefix + "job_id", run.JobId).Text(prefix + "trigger_key", run.TriggerKey)
            .Text(prefix + "concurrency_key", run.ConcurrencyKey)
            .Instant(prefix + "scheduled_utc", run.ScheduledUtc).Instant(prefix + "not_before_utc", run.NotBeforeUtc)
            .Instant(prefix + "started_utc", run.StartedUtc).Instant(prefix + "ended_utc", run.EndedUtc)
            .Text(prefix + "status", run.Status.Word()).Int(prefix + "attempt", run.Attempt).Int(prefix + "priority", run.Priority)
            .Text(prefix + "node", run.Node).Text(prefix + "incarnation", incarnation).Text(prefix + "version", run.Version)
            .Text(prefix + "data_json", run.DataJson).Text(prefix + "error_type", run.ErrorType).Text(prefix + "error_message", run.ErrorMessage)
            .Text(prefix + "error_stack", run.ErrorStack).Texts(prefix + "log", run.Log).Instant(prefix + "lease_expires_utc", run.LeaseExpiresUtc)
            .Long(prefix + "fence", run.Fence).Instant(prefix + "cancel_requested_utc", run.CancelRequestedUtc)
            .Int(prefix + "host_deaths", run.HostDeaths).Text(prefix + "cancel_requested_by", run.CancelRequestedBy)
            .Text(prefix + "trace_parent", run.TraceParent).Text(prefix + "trace_state", run.TraceState)
            .Text(prefix + "origin", run.Origin == RunOrigin.Trigger ? null : run.Origin.Word()).NullableInt(prefix + "max_parallel", run.MaxParallel);
    }

    /// <summary>Every column of a run row, in the order of <see cref="InsertRunFrom"/>'s values.</summary>
    private const string InsertedColumns =
        "id, job_id, trigger_key, concurrency_key, scheduled_utc, not_before_utc, started_utc, ended_utc, status, attempt, priority, node, "
        + "incarnation, version, data_json, error_type, error_message, error_stack, log, lease_expires_utc, fence, cancel_requested_utc, host_deaths, cancel_requested_by, "
        + "trace_parent, trace_state, origin, max_parallel";

    /// <summary>Inserts a run from parameters <c>@PREFIXCOLUMN</c>, once for each row of <paramref name="source"/>.</summary>
    public static string InsertRunFrom(string source, string prefix) =>
        $"INSERT INTO kairos_runs ({InsertedColumns}) SELECT "
        + string.Join(", ", InsertedColumns.Split(", ").Select(column => "@" + prefix + column))
        + $" FROM {source}";

    /// <summary>Inserts a run, or replaces the row with its id (a waiting-for-handler record becoming the run).</summary>
    public const string UpsertRun = """
        INSERT INTO kairos_runs (id, job_id, trigger_key, concurrency_key, scheduled_utc, not_before_utc, started_utc, ended_utc, status,
            attempt, priority, node, incarnation, version, data_json, error_type, error_message, error_stack, log, lease_expires_utc, fence, cancel_requested_utc, host_deaths,
            cancel_requested_by, trace_parent, trace_state, origin, max_parallel)
        VALUES (@p_id, @p_job_id, @p_trigger_key, @p_concurrency_key, @p_scheduled_utc, @p_not_before_utc, @p_started_utc, @p_ended_utc, @p_status,
            @p_attempt, @p_priority, @p_node, @p_incarnation, @p_version, @p_data_json, @p_error_type, @p_error_message, @p_error_stack, @p_log,
            @p_lease_expires_utc, @p_fence, @p_cancel_requested_utc, @p_host_deaths, @p_cancel_requested_by, @p_trace_parent, @p_trace_state, @p_origin, @p_max_parallel)
        ON CONFLICT (id) DO UPDATE SET job_id = excluded.job_id, trigger_key = excluded.trigger_key, concurrency_key = excluded.concurrency_key,
            scheduled_utc = excluded.scheduled_utc, not_before_utc = excluded.not_before_utc, started_utc = excluded.started_utc,
            ended_utc = excluded.ended_utc, status = excluded.status, attempt = excluded.attempt, priority = excluded.priority,
            node = excluded.node, incarnation = excluded.incarnation, version = excluded.version, data_json = excluded.data_json,
            error_type = excluded.error_type, error_message = excluded.error_message, error_stack = excluded.error_stack, log = excluded.log,
            lease_expires_utc = excluded.lease_expires_utc, fence = excluded.fence, cancel_requested_utc = excluded.cancel_requested_utc,
            host_deaths = excluded.host_deaths, cancel_requested_by = excluded.cancel_requested_by, trace_parent = excluded.trace_parent,
            trace_state = excluded.trace_state, origin = excluded.origin, max_parallel = excluded.max_parallel
        """;

    private static DateTimeOffset? Instant(NpgsqlDataReader r, int ordinal) =>
        r.IsDBNull(ordinal) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetFieldValue<DateTime>(ordinal), DateTimeKind.Utc));

    private static string? Text(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);

    private static JsonSerializerOptions CreateJson()
    {
        var options = new JsonSerializerOptions { IgnoreReadOnlyProperties = true };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
