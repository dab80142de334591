namespace Kairos.Host.Storage.Postgres;

/// <summary>A host of the cluster as the nodes table knows it.</summary>
internal sealed record NodeRow(
    string NodeId, string Incarnation, string HostName, int ProcessId, string? HostVersion, DateTimeOffset StartedUtc,
    DateTimeOffset LastSeenUtc, DateTimeOffset? StoppedUtc, IReadOnlyList<string> RunnableJobIds, double? ClockSkewMs, bool Alive);

internal sealed partial class PostgresStore
{
    /// <summary>Dead and stopped hosts stay listed this long, then any host forgets them.</summary>
    public static readonly TimeSpan ForgetNodesAfter = TimeSpan.FromHours(1);

    /// <summary>
    /// Registers this process as the live incarnation of <see cref="NodeId"/>. Returns null when done, or the node row
    /// of another live process that holds the id (two hosts must never share a node id).
    /// </summary>
    public NodeRow? TryRegisterNode(string hostVersion, IReadOnlyCollection<string> runnableJobIds) => InTransaction((c, tx) =>
    {
        using (var register = Command("""
            INSERT INTO kairos_nodes AS n (node_id, incarnation, host_name, process_id, host_version, started_utc, last_seen_utc, runnable_job_ids)
            VALUES (@node, @incarnation, @host, @pid, @version, now(), now(), @runnable)
            ON CONFLICT (node_id) DO UPDATE SET incarnation = excluded.incarnation, host_name = excluded.host_name,
                process_id = excluded.process_id, host_version = excluded.host_version, started_utc = excluded.started_utc,
                last_seen_utc = excluded.last_seen_utc, stopped_utc = NULL, runnable_job_ids = excluded.runnable_job_ids, clock_skew_ms = NULL
            WHERE n.incarnation = excluded.incarnation OR n.stopped_utc IS NOT NULL OR n.last_seen_utc < now() - @timeout
            """, c, tx))
        {
            register.Parameters.Text("node", NodeId).Text("incarnation", Incarnation).Text("host", Environment.MachineName)
                .Int("pid", Environment.ProcessId).Text("version", hostVersion).Texts("runnable", runnableJobIds).Interval("timeout", _nodeTimeout);
            if (register.ExecuteNonQuery() == 1)
            {
                return null;
            }
        }
        return Nodes(c, tx).FirstOrDefault(n => n.NodeId == NodeId);
    });

    /// <summary>
    /// Writes this host's heartbeat, the job ids it can run and its measured clock skew. False when the row is no longer
    /// this incarnation's (it was forgotten, or another process took the node id): the caller registers again.
    /// </summary>
    public bool Heartbeat(IReadOnlyCollection<string> runnableJobIds, double? clockSkewMs) => InTransaction((c, tx) =>
    {
        using (var beat = Command("""
            UPDATE kairos_nodes SET last_seen_utc = now(), runnable_job_ids = @runnable, clock_skew_ms = @skew
            WHERE node_id = @node AND incarnation = @incarnation AND stopped_utc IS NULL
            """, c, tx))
        {
            beat.Parameters.Text("node", NodeId).Text("incarnation", Incarnation).Texts("runnable", runnableJobIds);
            beat.Parameters.Add(new Npgsql.NpgsqlParameter("skew", NpgsqlTypes.NpgsqlDbType.Double) { Value = clockSkewMs is { } s ? s : DBNull.Value });
            if (beat.ExecuteNonQuery() != 1)
            {
                return false;
            }
        }
        using var forget = Command("DELETE FROM kairos_nodes WHERE last_seen_utc < now() - @forget", c, tx);
        forget.Parameters.Interval("forget", ForgetNodesAfter);
        forget.ExecuteNonQuery();
        return true;
    });

    /// <summary>Marks this incarnation stopped (a clean shutdown): other hosts need not wait for its heartbeat to go stale.</summary>
    public void StopNode() => Read(c =>
    {
        using var stop = Command("UPDATE kairos_nodes SET stopped_utc = now(), runnable_job_ids = '{}' WHERE node_id = @node AND incarnation = @incarnation", c);
        stop.Parameters.Text("node", NodeId).Text("incarnation", Incarnation);
        return stop.ExecuteNonQuery();
    });

    /// <summary>The database's clock now, read between two readings of this host's clock (for the skew check).</summary>
    public DateTimeOffset DatabaseNow() => Read(c =>
    {
        using var command = Command("SELECT clock_timestamp()", c);
        return new DateTimeOffset(DateTime.SpecifyKind((DateTime)command.ExecuteScalar()!, DateTimeKind.Utc));
    });

    public IReadOnlyList<NodeRow> GetNodes() => Read(c => Nodes(c, null));

    private List<NodeRow> Nodes(Npgsql.NpgsqlConnection c, Npgsql.NpgsqlTransaction? tx)
    {
        using var select = Command("""
            SELECT node_id, incarnation, host_name, process_id, host_version, started_utc, last_seen_utc, stopped_utc, runnable_job_ids,
                clock_skew_ms, stopped_utc IS NULL AND last_seen_utc >= now() - @timeout
            FROM kairos_nodes ORDER BY node_id COLLATE "C"
            """, c, tx);
        select.Parameters.Interval("timeout", _nodeTimeout);
        return PostgresRows.ReadAll(select, r => new NodeRow(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.IsDBNull(4) ? null : r.GetString(4),
            Utc(r.GetFieldValue<DateTime>(5)), Utc(r.GetFieldValue<DateTime>(6)), r.IsDBNull(7) ? null : Utc(r.GetFieldValue<DateTime>(7)),
            r.GetFieldValue<string[]>(8), r.IsDBNull(9) ? null : r.GetDouble(9), r.GetBoolean(10)));
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
