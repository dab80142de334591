using System.Diagnostics;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Storage.Runs;
using Kairos.IntegrationTests.Storage;
using Npgsql;

namespace Kairos.IntegrationTests.Cluster;

/// <summary>
/// A cluster for one test: a fresh database on the shared PostgreSQL server, host processes on it, and a store the
/// test reads and writes through (it is not a member: it never heartbeats). Disposing kills every host.
/// </summary>
public sealed class ClusterHarness : IDisposable
{
    /// <summary>Short leases and node timeouts, so that failover happens within seconds.</summary>
    public static readonly TimeSpan FastFailover = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Margins for tests that are not about failover: on this 2-core machine, shared with other builds, a host's
    /// thread pool has been seen to stall for more than six seconds, long enough to lose a 3 s lease.
    /// </summary>
    public static readonly TimeSpan Relaxed = TimeSpan.FromSeconds(15);

    /// <summary>Without any signal, a wait re-checks its condition after this long (a condition on the database's clock alone).</summary>
    private static readonly TimeSpan Recheck = TimeSpan.FromSeconds(2);

    private readonly List<HostProcess> _hosts = [];
    private readonly string _folder;
    private readonly ChangeSignal _changes = new();
    private readonly DatabaseChanges _database;

    public ClusterHarness(PostgresServer server, string name, TimeSpan leaseAndNodeTimeout)
    {
        Lease = leaseAndNodeTimeout;
        NodeTimeout = leaseAndNodeTimeout;
        ConnectionString = server.CreateDatabase(name);
        _folder = Path.Combine(Path.GetTempPath(), "kairos-cluster", Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(Path.Combine(_folder, "empty"));
        Store = new PostgresStore(ConnectionString, "test-observer", NodeTimeout);
        Store.Open();
        _database = new DatabaseChanges(ConnectionString, _changes);
    }

    public string ConnectionString { get; }

    /// <summary>The test's folder: the hosts' working directory (no <c>kairos.json</c>), their node files and plugins.</summary>
    public string Folder => _folder;

    /// <summary>Every host's <c>Kairos:LeaseDuration</c>.</summary>
    public TimeSpan Lease { get; }

    /// <summary>Every host's <c>Kairos:Cluster:NodeTimeout</c>.</summary>
    public TimeSpan NodeTimeout { get; }

    internal PostgresStore Store { get; }

    public static string KairosDll => Built("src/Host", "kairos.dll");

    /// <summary>Settings every host of the test gets (as <c>KAIROS_*</c> environment variables).</summary>
    public IReadOnlyDictionary<string, string> Settings(string node) => new Dictionary<string, string>
    {
        ["KAIROS_NodeId"] = node,
        ["KAIROS_LeaseDuration"] = Lease.ToString(),
        ["KAIROS_Cluster__NodeTimeout"] = NodeTimeout.ToString(),
        ["KAIROS_Cluster__HeartbeatInterval"] = "00:00:01",
        ["KAIROS_MaxConcurrency"] = "32",
        ["KAIROS_ShutdownGrace"] = "00:00:02",
        ["KAIROS_CancellationGrace"] = "00:00:01",
    };

    /// <summary>
    /// Starts <c>kairos run --store postgres</c> with its own plugins folder holding the cluster tests' plugin in
    /// <paramref name="jobs"/> version (<c>v1</c>, <c>v2</c>, or <c>none</c> for an empty folder).
    /// </summary>
    public HostProcess StartHost(string node, string jobs)
    {
        var plugins = PluginsFolder(node);
        Directory.CreateDirectory(plugins);
        if (jobs != "none")
        {
            Deploy(jobs, plugins);
        }
        var empty = Path.Combine(_folder, "empty");
        return Track(HostProcess.Start(node, KairosDll,
            ["run", "--store", "postgres", "--connection", ConnectionString, "--db", NodeFile(node), "--plugins", plugins, "--scripts", empty],
            Settings(node), _folder));
    }

    /// <summary>
    /// Puts version <paramref name="jobs"/> of the cluster tests' plugin into a host's plugins folder the way a
    /// deploy should: built beside it, then renamed into place over the old version.
    /// </summary>
    public void Deploy(string jobs, string pluginsFolder)
    {
        var project = jobs == "v2" ? "ClusterJobs.V2" : "ClusterJobs.V1";
        var source = Built($"tests/Fixtures/ClusterJobs/{project}", "Kairos.ClusterJobs.dll");
        var staging = Path.Combine(_folder, "staging-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(staging);
        foreach (var file in Directory.EnumerateFiles(Path.GetDirectoryName(source)!))
        {
            File.Copy(file, Path.Combine(staging, Path.GetFileName(file)));
        }
        var target = Path.Combine(pluginsFolder, "ClusterJobs");
        if (Directory.Exists(target))
        {
            Directory.Delete(target, recursive: true);
        }
        Directory.Move(staging, target);
    }

    public string PluginsFolder(string node) => Path.Combine(_folder, node + "-plugins");

    public string NodeFile(string node) => Path.Combine(_folder, node + ".db");

    /// <summary>Waits until the node is a live member that publishes <paramref name="jobIds"/> as runnable.</summary>
    public void WaitForNode(HostProcess host, params string[] jobIds) => WaitUntil(
        () => Store.GetNodes().Any(n => n.NodeId == host.Node && n.Alive && jobIds.All(n.RunnableJobIds.Contains)),
        TimeSpan.FromSeconds(60), $"node {host.Node} to join with jobs {string.Join(", ", jobIds)}", host);

    /// <summary>
    /// Waits until a condition holds: re-checks it whenever a host commits a change to the database (LISTEN/NOTIFY),
    /// prints a line or exits, and at the latest every <see cref="Recheck"/> (conditions on the clock alone, a database
    /// restart). Fails with the hosts' output after <paramref name="timeout"/>, or at once when a host exits unexpectedly.
    /// </summary>
    public void WaitUntil(Func<bool> condition, TimeSpan timeout, string what, params HostProcess[] show)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var changed = _changes.Next;
            if (condition())
            {
                return;
            }
            foreach (var host in _hosts.Where(h => h.HasExited && !_expectedExits.Contains(h)))
            {
                Assert.Fail($"host {host.Node} exited ({host.ExitCode}) while waiting for {what}:\n{host.Output}");
            }
            var left = timeout - clock.Elapsed;
            if (left <= TimeSpan.Zero)
            {
                Assert.Fail($"timed out after {timeout} waiting for {what}\n" + string.Join("\n", (show.Length > 0 ? show : [.. _hosts]).Select(h => $"--- {h.Node}:\n{Tail(h.Output)}")));
            }
            _database.EnsureListening();
            changed.Wait(left < Recheck ? left : Recheck);
        }
    }

    private readonly HashSet<HostProcess> _expectedExits = [];

    /// <summary>Kills a host on purpose (its exit is then not a failure).</summary>
    public void Kill(HostProcess host)
    {
        _expectedExits.Add(host);
        host.Kill();
    }

    public void Stop(HostProcess host)
    {
        _expectedExits.Add(host);
        host.Stop(TimeSpan.FromSeconds(30));
    }

    /// <summary>Every run record of a job, straight from the table.</summary>
    internal IReadOnlyList<RunRecord> Runs(string jobId) => Store.Query(jobId, null, 1_000_000);

    public DateTimeOffset DatabaseNow() => Store.DatabaseNow();

    public void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString);
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _database.Dispose();
        foreach (var host in _hosts)
        {
            host.Dispose();
        }
        Store.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A host's file still open; the temp cleaner takes it.
        }
    }

    private HostProcess Track(HostProcess host)
    {
        host.Changed += _changes.Raise;
        _hosts.Add(host);
        return host;
    }

    private static string Tail(string output) => output.Length > 6000 ? "..." + output[^6000..] : output;

    internal static string Built(string project, string dll)
    {
        var testBin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var framework = testBin.Name;
        var configuration = testBin.Parent!.Name;
        var root = testBin;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Directory.Build.props")))
        {
            root = root.Parent;
        }
        var path = Path.Combine(root?.FullName ?? "/", project, "bin", configuration, framework, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{dll} was not built at {path}: build the solution first", path);
    }
}
