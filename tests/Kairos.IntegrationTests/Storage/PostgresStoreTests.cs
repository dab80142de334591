using Kairos.Host.Storage;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Npgsql;
using static Kairos.IntegrationTests.Storage.Contract.StoreContractTests;

namespace Kairos.IntegrationTests.Storage;

/// <summary>
/// What only the cluster store does: schema versions, node membership and the liveness rules of leases. Leases use
/// the callers' (synthetic) instants; node liveness uses the database's clock, as in production.
/// </summary>
[Collection(PostgresTestGroup.Name)]
public sealed class PostgresStoreTests(PostgresServer server) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan NodeTimeout = TimeSpan.FromSeconds(30);
    private readonly List<PostgresStore> _stores = [];
    private string? _connectionString;

    private string ConnectionString => _connectionString ??= server.CreateDatabase("store");

    public void Dispose() => _stores.ForEach(s => s.Dispose());

    [Fact]
    public void Open_RefusesADatabaseWithANewerSchema_AndLeavesItUntouched()
    {
        Open("a");
        Execute("UPDATE kairos_schema SET version = 99; CREATE TABLE kairos_future (x int)");

        var error = Assert.Throws<StoreOpenException>(() => Open("b"));

        Assert.Contains($"database schema version 99 is newer than this host ({PostgresSchema.CurrentVersion})", error.Message);
        Assert.Contains("127.0.0.1", error.Message);
        Assert.Equal(99, Scalar<int>("SELECT version FROM kairos_schema"));
    }

    [Fact]
    public void Open_MigratesOnce_WhenHostsOpenANewDatabaseTogether()
    {
        var stores = Enumerable.Range(0, 6).Select(i => Create($"n{i}")).ToList();

        Parallel.ForEach(stores, s => s.Open());

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        Assert.Equal(1L, Scalar<long>("SELECT count(*) FROM kairos_schema"));
    }

    [Fact]
    public void Open_MigratesAVersionOneDatabase_KeepingItsRuns_AndAddingCancellationRequestsAndHostDeaths()
    {
        var run = StartOne(Open("a"));
        Execute(UndoVersion8 + UndoVersion7 + UndoVersion6 + UndoVersion5 + "DROP INDEX kairos_jobs_paused_until; ALTER TABLE kairos_jobs DROP COLUMN paused_by, DROP COLUMN paused_until_utc, DROP COLUMN disabled_reason; ALTER TABLE kairos_runs DROP COLUMN cancel_requested_utc, DROP COLUMN host_deaths; UPDATE kairos_schema SET version = 1");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        Assert.Equal(RunStatus.Running, upgraded.GetRun(run.Id)!.Status);
        Assert.Null(upgraded.GetRun(run.Id)!.CancelRequestedUtc);
        Assert.Equal(0, upgraded.GetRun(run.Id)!.HostDeaths);
        Assert.Equal(run.Id, Assert.Single(upgraded.RequestCancellation("j", "b", T0.AddSeconds(1))).Id);
    }

    [Fact]
    public void Open_MigratesAVersionTwoDatabase_CountingNoHostDeathsOnItsRuns()
    {
        var run = StartOne(Open("a"));
        Execute(UndoVersion8 + UndoVersion7 + UndoVersion6 + UndoVersion5 + "DROP INDEX kairos_jobs_paused_until; ALTER TABLE kairos_jobs DROP COLUMN paused_by, DROP COLUMN paused_until_utc, DROP COLUMN disabled_reason; ALTER TABLE kairos_runs DROP COLUMN host_deaths; UPDATE kairos_schema SET version = 2");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        Assert.Equal(0, upgraded.GetRun(run.Id)!.HostDeaths);
        Assert.Equal(1, Assert.Single(upgraded.ExpireLeases(T0.AddHours(1))).HostDeaths);
    }

    [Fact]
    public void Open_MigratesAVersionThreeDatabase_KeepingAPauseWithNoOneAndNoEnd()
    {
        var old = Open("a");
        old.Reconcile(new StoredJob { Id = "j", Source = "app", UpdatedUtc = T0 }, []);
        old.SetPaused("j", new JobPause("maintenance", "cli"), T0);
        Execute(UndoVersion8 + UndoVersion7 + UndoVersion6 + UndoVersion5 + "DROP INDEX kairos_jobs_paused_until; ALTER TABLE kairos_jobs DROP COLUMN paused_by, DROP COLUMN paused_until_utc, DROP COLUMN disabled_reason; UPDATE kairos_jobs SET paused = true; UPDATE kairos_schema SET version = 3");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        var job = upgraded.GetJob("j")!;
        Assert.Equal((true, "maintenance", null, null, null), (job.Paused, job.PauseReason, job.PausedBy, job.PausedUntilUtc, job.DisabledReason));
        Assert.Empty(upgraded.ResumeExpired(T0.AddYears(1)));
    }

    /// <summary>What schema 5 added (operator actions), dropped to make an older database.</summary>
    private const string UndoVersion5 = """
        DROP TABLE kairos_audit;
        ALTER TABLE kairos_jobs DROP COLUMN disabled_by, DROP COLUMN disabled_by_operator_reason;
        ALTER TABLE kairos_runs DROP COLUMN cancel_requested_by;
        """;

    /// <summary>What schema 6 added (trace context), dropped to make an older database.</summary>
    private const string UndoVersion6 = "ALTER TABLE kairos_runs DROP COLUMN trace_parent, DROP COLUMN trace_state;";

    private const string UndoVersion7 = "ALTER TABLE kairos_runs DROP COLUMN origin;";

    private const string UndoVersion8 = "DROP TABLE kairos_run_once; ALTER TABLE kairos_runs DROP COLUMN max_parallel;";

    [Fact]
    public void Open_MigratesAVersionFourDatabase_KeepingItsJobsAndRuns_WithNoOperatorSwitchAndAnEmptyAuditTrail()
    {
        var old = Open("a");
        var run = StartOne(old);
        old.SetPaused("j", new JobPause("maintenance", "cli:ana"), T0);
        Execute(UndoVersion8 + UndoVersion7 + UndoVersion6 + UndoVersion5 + "UPDATE kairos_schema SET version = 4");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        var job = upgraded.GetJob("j")!;
        Assert.Equal((true, "cli:ana", null, null), (job.Paused, job.PausedBy, job.DisabledBy, job.DisabledByOperatorReason));
        Assert.Null(upgraded.GetRun(run.Id)!.CancelRequestedBy);
        Assert.Empty(upgraded.AuditPage(null, null, 10));
        Assert.Equal("cli:ana", upgraded.RequestRunCancellation(run.Id, "cli:ana", T0.AddSeconds(1))!.CancelRequestedBy);
    }

    [Fact]
    public void Open_MigratesADatabaseWithoutTraceContext_KeepingItsRunsWithNone()
    {
        var run = StartOne(Open("a"));
        Execute(UndoVersion8 + UndoVersion7 + UndoVersion6 + "UPDATE kairos_schema SET version = 5");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        var back = upgraded.GetRun(run.Id)!;
        Assert.Equal((run.Status, (string?)null, (string?)null), (back.Status, back.TraceParent, back.TraceState));
    }

    [Fact]
    public void Open_MigratesADatabaseWithoutRunOrigins_ReadingItsRunsAsFiresOfTriggers()
    {
        var run = StartOne(Open("a"));
        Execute(UndoVersion8 + UndoVersion7 + "UPDATE kairos_schema SET version = 6");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        Assert.Equal(RunOrigin.Trigger, upgraded.GetRun(run.Id)!.Origin);
        Assert.Equal(0L, Scalar<long>("SELECT count(*) FROM kairos_runs WHERE origin IS NOT NULL"));
    }

    [Fact]
    public void Open_MigratesADatabaseWithoutBackfillsOrRunOnceLedger_KeepingItsRuns_WithAnEmptyLedger()
    {
        var run = StartOne(Open("a"));
        Execute(UndoVersion8 + "UPDATE kairos_schema SET version = 7");

        var upgraded = Open("b");

        Assert.Equal(PostgresSchema.CurrentVersion, Scalar<int>("SELECT version FROM kairos_schema"));
        var back = upgraded.GetRun(run.Id)!;
        Assert.Equal((RunStatus.Running, (int?)null), (back.Status, back.MaxParallel));
        Assert.Empty(upgraded.GetRunOnceEntries());
        var once = new RunOnceEntry { Key = "k", JobId = "j", RunId = "once", QueuedUtc = T0, QueuedBy = "node:b" };
        Assert.True(upgraded.TryQueueRunOnce(once, run with { Id = "once", Status = RunStatus.Pending, Origin = RunOrigin.RunOnce, Node = null, StartedUtc = null }));
        Assert.Equal(once, upgraded.GetRunOnce("k"));
    }

    [Fact]
    public void ExpireLeases_SparesTheRunOfALiveHost_UntilItsLeaseIsOverByTheNodeTimeoutToo()
    {
        var host = Open("host");
        var other = Open("other");
        Assert.Null(host.TryRegisterNode("1", ["j"]));
        var run = StartOne(host);

        Assert.Empty(other.ExpireLeases(T0.AddSeconds(31)));
        Assert.Empty(other.ExpireLeases(T0.AddSeconds(30) + NodeTimeout));

        var interrupted = Assert.Single(other.ExpireLeases(T0.AddSeconds(31) + NodeTimeout));
        Assert.Equal(run.Id, interrupted.Id);
        Assert.Contains("its last heartbeat was at", interrupted.ErrorMessage);
    }

    [Fact]
    public void ExpireLeases_InterruptsAtLeaseExpiry_WhenTheHostIsDead()
    {
        var host = Open("host");
        var other = Open("other");
        Assert.Null(host.TryRegisterNode("1", ["j"]));
        var run = StartOne(host);
        Execute("UPDATE kairos_nodes SET last_seen_utc = now() - interval '31 seconds'");

        Assert.Empty(other.ExpireLeases(T0.AddSeconds(29)));
        Assert.Equal(run.Id, Assert.Single(other.ExpireLeases(T0.AddSeconds(31))).Id);
        Assert.False(Assert.Single(other.GetNodes()).Alive);
    }

    [Fact]
    public void RenewLeases_KeepsASlowHostAlive_ThoughItsHeartbeatIsLate()
    {
        var host = Open("host");
        var other = Open("other");
        Assert.Null(host.TryRegisterNode("1", ["j"]));
        var run = StartOne(host);
        Execute("UPDATE kairos_nodes SET last_seen_utc = now() - interval '1 hour'");
        Assert.False(Assert.Single(other.GetNodes()).Alive);

        host.RenewLeases("host", [run.Id], T0.AddSeconds(60));

        Assert.True(Assert.Single(other.GetNodes()).Alive);
        Assert.Empty(other.ExpireLeases(T0.AddSeconds(59)));
        Assert.Empty(other.ExpireLeases(T0.AddSeconds(61)));
        Assert.Equal(RunStatus.Running, other.GetRun(run.Id)!.Status);
    }

    [Fact]
    public void ExpireLeases_ReleasesPendingRunsOfADeadHost_ButNotThoseOfALiveOne()
    {
        var host = Open("host");
        var other = Open("other");
        Assert.Null(host.TryRegisterNode("1", ["j"]));
        host.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var pending = Assert.Single(host.ClaimDueFires(Claim(T0, "host", "j")));

        other.ExpireLeases(T0.AddSeconds(31));
        Assert.Equal("host", other.GetRun(pending.Id)!.Node);

        host.StopNode();
        other.ExpireLeases(T0.AddSeconds(31));
        Assert.Null(other.GetRun(pending.Id)!.Node);
    }

    [Fact]
    public void MarkWaitingForHandler_MarksNothing_WhileALiveHostCanRunTheJob()
    {
        var host = Open("host");
        var other = Open("other");
        Assert.Null(host.TryRegisterNode("1", ["j"]));
        host.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);

        Assert.Equal(0, other.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(5)));
        Assert.True(host.Heartbeat([], 0));
        Assert.Equal(1, other.MarkWaitingForHandler(new HashSet<string>(), T0.AddSeconds(5)));
    }

    [Fact]
    public void TryRegisterNode_RefusesAnIdHeldByALiveProcess_AndTakesItOverOnceThatOneIsGone()
    {
        var first = Open("node-x");
        var second = Open("node-x");
        Assert.Null(first.TryRegisterNode("1", ["j"]));

        var holder = second.TryRegisterNode("2", ["j"]);

        Assert.NotNull(holder);
        Assert.Equal(first.Incarnation, holder.Incarnation);
        Assert.Equal(Environment.ProcessId, holder.ProcessId);
        Execute("UPDATE kairos_nodes SET last_seen_utc = now() - interval '1 hour'");
        Assert.Null(second.TryRegisterNode("2", ["j"]));
        Assert.False(first.Heartbeat(["j"], 0));
        Assert.Equal("2", Assert.Single(second.GetNodes()).HostVersion);
    }

    [Fact]
    public void ClaimDueFires_ClaimsNothing_WhileThisHostsClockIsUntrusted()
    {
        var host = Open("host");
        host.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        host.ClockTrusted = false;

        Assert.Empty(host.ClaimDueFires(Claim(T0.AddMinutes(1), "host", "j")));
        Assert.Null(host.GetEarliestDue(new HashSet<string> { "j" }));

        host.ClockTrusted = true;
        Assert.Equal(2, host.ClaimDueFires(Claim(T0.AddMinutes(1), "host", "j")).Count);
    }

    [Fact]
    public void ClaimDueFires_TakesAboutItsShareOfABurst_WhenSeveralHostsAreAlive()
    {
        var hosts = Enumerable.Range(0, 3).Select(i => Open($"h{i}")).ToList();
        hosts.ForEach(h => Assert.Null(h.TryRegisterNode("1", ["j"])));
        hosts[0].Reconcile(Job("j"), [.. Enumerable.Range(0, 90).Select(i => Trigger("j", TriggerSpec.Cron($"k{i}", "* * * * *"), T0))]);

        var first = hosts[0].ClaimDueFires(Claim(T0, "h0", "j"));
        var second = hosts[1].ClaimDueFires(Claim(T0, "h1", "j"));
        var rest = hosts[0].ClaimDueFires(Claim(T0, "h0", "j"));

        Assert.Equal(30, first.Count);
        Assert.Equal(20, second.Count);
        Assert.Equal(16, rest.Count);
        hosts.ForEach(h => h.StopNode());
        Assert.Equal(24, hosts[2].ClaimDueFires(Claim(T0, "h2", "j")).Count);
        Assert.Equal(T0.AddMinutes(1), hosts[2].GetEarliestDue(new HashSet<string> { "j" }));
    }

    [Fact]
    public void Heartbeat_PublishesTheRunnableJobIds_AndForgetsHostsGoneForAnHour()
    {
        var host = Open("host");
        Assert.Null(host.TryRegisterNode("1", []));
        Execute("INSERT INTO kairos_nodes (node_id, incarnation, host_name, process_id, started_utc, last_seen_utc) VALUES ('old', 'x', 'h', 1, now(), now() - interval '2 hours')");

        Assert.True(host.Heartbeat(["a", "b"], 12.5));

        var node = Assert.Single(host.GetNodes());
        Assert.Equal(["a", "b"], node.RunnableJobIds);
        Assert.Equal(12.5, node.ClockSkewMs);
        Assert.True(node.Alive);
    }

    private static RunRecord StartOne(PostgresStore host)
    {
        host.Reconcile(Job("j"), [Trigger("j", TriggerSpec.Cron("default", "* * * * *"), T0)]);
        var run = Assert.Single(host.ClaimDueFires(Claim(T0, host.NodeId, "j")));
        Assert.Equal(StartResult.Started, host.TryStart(run.Id, host.NodeId, "v1", T0, T0.AddSeconds(30), 1, out var started));
        return started!;
    }

    private PostgresStore Create(string node)
    {
        var store = new PostgresStore(ConnectionString, node, NodeTimeout);
        _stores.Add(store);
        return store;
    }

    private PostgresStore Open(string node)
    {
        var store = Create(node);
        store.Open();
        return store;
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private T Scalar<T>(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return (T)command.ExecuteScalar()!;
    }
}
