using Npgsql;

namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// The database schema, created and migrated by the host itself. <c>kairos_schema</c> holds the version; each
/// migration runs in its own transaction under an advisory lock, so hosts starting together migrate once.
/// A database whose version is newer than this host knows is never touched.
/// </summary>
internal static class PostgresSchema
{
    /// <summary>An arbitrary constant key for the session advisory lock held while migrating.</summary>
    private const long MigrationLockKey = 0x4B41_4952_4F53_0001;

    private static readonly string[] Migrations =
    [
        // 1: jobs, triggers, runs, nodes.
        """
        CREATE TABLE kairos_jobs (
            id text PRIMARY KEY,
            description text NOT NULL DEFAULT '',
            source text NOT NULL,
            version text,
            policies jsonb NOT NULL,
            paused boolean NOT NULL DEFAULT false,
            pause_reason text,
            updated_utc timestamptz NOT NULL);
        CREATE TABLE kairos_triggers (
            id text PRIMARY KEY,
            job_id text NOT NULL,
            key text NOT NULL,
            spec jsonb NOT NULL,
            origin text NOT NULL,
            next_fire_utc timestamptz,
            last_fire_utc timestamptz);
        CREATE INDEX kairos_triggers_next_fire ON kairos_triggers (next_fire_utc) WHERE next_fire_utc IS NOT NULL;
        CREATE INDEX kairos_triggers_job ON kairos_triggers (job_id);
        CREATE SEQUENCE kairos_fence;
        CREATE TABLE kairos_runs (
            id text PRIMARY KEY,
            job_id text NOT NULL,
            trigger_key text NOT NULL,
            concurrency_key text NOT NULL,
            scheduled_utc timestamptz NOT NULL,
            not_before_utc timestamptz NOT NULL,
            started_utc timestamptz,
            ended_utc timestamptz,
            status text NOT NULL,
            attempt integer NOT NULL,
            priority integer NOT NULL,
            node text,
            incarnation text,
            version text,
            data_json text,
            error_type text,
            error_message text,
            error_stack text,
            log text[] NOT NULL DEFAULT '{}',
            lease_expires_utc timestamptz,
            fence bigint NOT NULL DEFAULT 0);
        CREATE INDEX kairos_runs_scheduled ON kairos_runs (scheduled_utc DESC);
        CREATE INDEX kairos_runs_job_scheduled ON kairos_runs (job_id, scheduled_utc DESC);
        CREATE INDEX kairos_runs_status_scheduled ON kairos_runs (status, scheduled_utc DESC);
        CREATE INDEX kairos_runs_open_key ON kairos_runs (concurrency_key, status) WHERE status IN ('pending', 'running', 'waiting-for-handler');
        CREATE UNIQUE INDEX kairos_runs_waiting_fire ON kairos_runs (job_id, trigger_key, scheduled_utc) WHERE status = 'waiting-for-handler';
        CREATE TABLE kairos_nodes (
            node_id text PRIMARY KEY,
            incarnation text NOT NULL,
            host_name text NOT NULL,
            process_id integer NOT NULL,
            host_version text,
            started_utc timestamptz NOT NULL,
            last_seen_utc timestamptz NOT NULL,
            stopped_utc timestamptz,
            runnable_job_ids text[] NOT NULL DEFAULT '{}',
            clock_skew_ms double precision);
        """,
        // 2: cancellation requests, so overlap policy Replace stops a run on whichever host runs it.
        """
        ALTER TABLE kairos_runs ADD COLUMN cancel_requested_utc timestamptz;
        """,
        // 3: host deaths per fire in flight, so a run that kills its host is not re-run forever (crash loop).
        """
        ALTER TABLE kairos_runs ADD COLUMN host_deaths integer NOT NULL DEFAULT 0;
        """,
        // 4: who paused a job and until when (pause --until, auto-pause), and jobs switched off by configuration.
        """
        ALTER TABLE kairos_jobs ADD COLUMN paused_by text;
        ALTER TABLE kairos_jobs ADD COLUMN paused_until_utc timestamptz;
        ALTER TABLE kairos_jobs ADD COLUMN disabled_reason text;
        CREATE INDEX kairos_jobs_paused_until ON kairos_jobs (paused_until_utc) WHERE paused;
        """,
        // 5: operator actions (#20): jobs disabled by an operator, who asked to cancel a run, and the audit trail.
        """
        ALTER TABLE kairos_jobs ADD COLUMN disabled_by text;
        ALTER TABLE kairos_jobs ADD COLUMN disabled_by_operator_reason text;
        ALTER TABLE kairos_runs ADD COLUMN cancel_requested_by text;
        CREATE TABLE kairos_audit (
            id text PRIMARY KEY,
            at_utc timestamptz NOT NULL,
            actor text NOT NULL,
            action text NOT NULL,
            job_id text,
            run_id text,
            detail text);
        CREATE INDEX kairos_audit_job ON kairos_audit (job_id, id DESC);
        CREATE INDEX kairos_audit_at ON kairos_audit (at_utc);
        """,
        // 6: the W3C trace context of the request that queued a run, the parent of its span.
        """
        ALTER TABLE kairos_runs ADD COLUMN trace_parent text;
        ALTER TABLE kairos_runs ADD COLUMN trace_state text;
        """,
        // 7: what queued a run (#16): NULL for a trigger's fire, else 'backfill', 'chain' or 'run-once'.
        """
        ALTER TABLE kairos_runs ADD COLUMN origin text;
        """,
        // 8: backfill and run-once jobs (#16): a backfill run's parallelism; the run-once ledger, one row per key, written
        // with the run it queued (its primary key is what makes the first host that loads the job the only one).
        """
        ALTER TABLE kairos_runs ADD COLUMN max_parallel integer;
        CREATE TABLE kairos_run_once (
            key text PRIMARY KEY,
            job_id text NOT NULL,
            run_id text NOT NULL,
            queued_utc timestamptz NOT NULL,
            queued_by text NOT NULL);
        CREATE INDEX kairos_run_once_job ON kairos_run_once (job_id);
        """,
    ];

    /// <summary>The schema version this host writes and understands.</summary>
    public static int CurrentVersion => Migrations.Length;

    /// <summary>Creates or migrates the schema; throws <see cref="StoreOpenException"/> when the database is newer.</summary>
    public static void Migrate(NpgsqlConnection connection, string describe, string hostVersion)
    {
        Execute(connection, "SELECT pg_advisory_lock(@key)", MigrationLockKey);
        try
        {
            Execute(connection, """
                CREATE TABLE IF NOT EXISTS kairos_schema (
                    id integer PRIMARY KEY CHECK (id = 1),
                    version integer NOT NULL,
                    updated_utc timestamptz NOT NULL DEFAULT now(),
                    host_version text)
                """, null);
            int version;
            using (var read = new NpgsqlCommand("SELECT version FROM kairos_schema WHERE id = 1", connection))
            {
                version = read.ExecuteScalar() is int v ? v : 0;
            }
            if (version > CurrentVersion)
            {
                throw new StoreOpenException(
                    $"{describe}: database schema version {version} is newer than this host ({CurrentVersion}): "
                    + "run a Kairos version that knows it (the database was left untouched)");
            }
            for (var next = version + 1; next <= CurrentVersion; next++)
            {
                using var transaction = connection.BeginTransaction();
                using (var migrate = new NpgsqlCommand(Migrations[next - 1], connection, transaction))
                {
                    migrate.ExecuteNonQuery();
                }
                using (var stamp = new NpgsqlCommand("""
                    INSERT INTO kairos_schema (id, version, updated_utc, host_version) VALUES (1, @version, now(), @host)
                    ON CONFLICT (id) DO UPDATE SET version = excluded.version, updated_utc = excluded.updated_utc, host_version = excluded.host_version
                    """, connection, transaction))
                {
                    stamp.Parameters.AddWithValue("version", next);
                    stamp.Parameters.AddWithValue("host", hostVersion);
                    stamp.ExecuteNonQuery();
                }
                transaction.Commit();
            }
        }
        finally
        {
            Execute(connection, "SELECT pg_advisory_unlock(@key)", MigrationLockKey);
        }
    }

    /// <summary>
    /// Throws <see cref="StoreOpenException"/> unless the database has exactly this host's schema version; changes nothing.
    /// </summary>
    public static void Check(NpgsqlConnection connection, string describe)
    {
        int? version;
        using (var read = new NpgsqlCommand("SELECT version FROM kairos_schema WHERE id = 1", connection))
        {
            try
            {
                version = read.ExecuteScalar() as int?;
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
            {
                version = null;
            }
        }
        if (version is not { } v)
        {
            throw new StoreOpenException($"{describe} has no Kairos schema: start a host on it first ('kairos run --store postgres --connection ...')");
        }
        if (v > CurrentVersion)
        {
            throw new StoreOpenException($"{describe}: database schema version {v} is newer than this Kairos ({CurrentVersion}): use a Kairos version that knows it");
        }
        if (v < CurrentVersion)
        {
            throw new StoreOpenException($"{describe}: database schema version {v} is older than this Kairos ({CurrentVersion}): start a host of this version once to migrate it");
        }
    }

    private static void Execute(NpgsqlConnection connection, string sql, long? key)
    {
        using var command = new NpgsqlCommand(sql, connection);
        if (key is { } k)
        {
            command.Parameters.AddWithValue("key", k);
        }
        command.ExecuteNonQuery();
    }
}
