namespace Kairos.Host.Storage.Postgres;

/// <summary>
/// Settings of a host in a cluster (<c>Kairos:Store</c> = <c>postgres</c>), bound from the <c>Kairos:Cluster</c>
/// section (<c>KAIROS_Cluster__NodeTimeout</c> and so on). Ignored with the LiteDB store.
/// </summary>
internal sealed class ClusterOptions
{
    public const string SectionName = "Kairos:Cluster";

    /// <summary>How often this host writes its heartbeat and the job ids it can run. Default: 5 seconds.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// A host whose last heartbeat (or lease renewal) is older than this, by the database's clock, is dead: its runs
    /// whose lease expired are interrupted and its claimed runs go to other hosts. Default: 30 seconds.
    /// </summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The most this host's clock may differ from the database's. Beyond it the host refuses to start, and a running
    /// host stops claiming fires (its running jobs go on) until its clock is back within it. Default: 2 seconds.
    /// </summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the host keeps retrying, with backoff, when the database is unreachable at start. Default: 2 minutes.</summary>
    public TimeSpan StartupTimeout { get; set; } = TimeSpan.FromMinutes(2);
}
