using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Kairos.IntegrationTests.Storage;

/// <summary>
/// A private PostgreSQL server for the tests: initdb in a temp folder, started on a free loopback port with fsync off,
/// stopped and deleted at dispose. When no server can be started the tests using it fail with the reason (never skip).
/// As root, initdb and pg_ctl run as the <c>postgres</c> user, which owns the folder. No xunit here: bench/Kairos.Bench
/// compiles this file too (linked) for its PostgreSQL scenarios.
/// </summary>
public sealed class PostgresServer : IDisposable
{
    private readonly string _bin;
    private readonly string _root;
    private readonly string _data;
    private readonly ConcurrentDictionary<string, string> _databases = new(StringComparer.Ordinal);
    private int _counter;

    public PostgresServer()
    {
        _bin = FindBinaries();
        _root = Path.Combine(Path.GetTempPath(), "kairos-pg-" + Guid.NewGuid().ToString("N")[..10]);
        _data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        try
        {
            if (AsRoot)
            {
                Run("chown", ["postgres:postgres", _root], asPostgres: false);
            }
            Run(Path.Combine(_bin, "initdb"), ["-D", _data, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-locale", "--no-sync"], asPostgres: true);
            Start();
        }
        catch
        {
            Directory.Delete(_root, recursive: true);
            throw;
        }
    }

    /// <summary>Server settings besides address and port: durability off (a test or benchmark database is disposable).</summary>
    public const string Tuning = "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300 -c shared_buffers=64MB";

    public int Port { get; private set; }

    public string AdminConnectionString => Connection("postgres");

    /// <summary>The connection string of a new, empty database.</summary>
    public string CreateDatabase(string prefix)
    {
        var name = $"{prefix}_{Interlocked.Increment(ref _counter)}";
        using var connection = new NpgsqlConnection(AdminConnectionString);
        connection.Open();
        using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\" STRATEGY FILE_COPY", connection);
        create.ExecuteNonQuery();
        return Connection(name);
    }

    /// <summary>One database per key for the whole run (a test class truncates its tables instead of creating databases).</summary>
    public string SharedDatabase(string key) => _databases.GetOrAdd(key, CreateDatabase);

    public string Connection(string database) =>
        $"Host=127.0.0.1;Port={Port};Username=postgres;Database={database};Timeout=5;Command Timeout=60";

    public void Dispose()
    {
        NpgsqlConnection.ClearAllPools();
        try
        {
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "immediate", "-w", "stop"], asPostgres: true);
        }
        finally
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    /// <summary>Stops the server (fast: clients are disconnected), waits until <paramref name="down"/> passed, starts it again on the same port.</summary>
    public void Restart(TimeSpan down)
    {
        var stopped = Stopwatch.StartNew();
        Run(Path.Combine(_bin, "pg_ctl"), ["-D", _data, "-m", "fast", "-w", "stop"], asPostgres: true);
        var left = down - stopped.Elapsed;
        if (left > TimeSpan.Zero)
        {
            Thread.Sleep(left); // the outage itself is what is under test, not a synchronisation
        }
        StartOn(Port);
        NpgsqlConnection.ClearAllPools();
    }

    private void Start()
    {
        Exception? last = null;
        for (var attempt = 0; attempt < 5; attempt++)
        {
            Port = FreePort();
            try
            {
                StartOn(Port);
                return;
            }
            catch (InvalidOperationException e)
            {
                last = e;
            }
        }
        var log = File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : "(no log)";
        throw new InvalidOperationException($"PostgreSQL did not start in {_root}: {last?.Message}\n{log}", last);
    }

    private void StartOn(int port) => Run(Path.Combine(_bin, "pg_ctl"),
    [
        "-D", _data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "start", "-o",
        $"-p {port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={_root} {Tuning}",
    ], asPostgres: true);

    private static bool AsRoot => Environment.UserName == "root";

    private static string FindBinaries()
    {
        var candidates = new List<string>();
        if (Environment.GetEnvironmentVariable("KAIROS_PG_BIN") is { Length: > 0 } configured)
        {
            candidates.Add(configured);
        }
        candidates.Add("/usr/lib/postgresql/15/bin");
        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        }
        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            ?? throw new InvalidOperationException(
                $"no PostgreSQL server binaries (initdb, pg_ctl) in {string.Join(", ", candidates)}: install them "
                + "(Debian: apt-get install -y postgresql-15) or set KAIROS_PG_BIN; the PostgreSQL and cluster tests cannot run without a server");
    }

    private static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static void Run(string file, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo
        {
            FileName = asPostgres && AsRoot ? "runuser" : file,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = "/",
        };
        if (asPostgres && AsRoot)
        {
            foreach (var part in new[] { "-u", "postgres", "--", file })
            {
                start.ArgumentList.Add(part);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {file}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} did not finish in 90 s");
        }
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {stderr.Result.Trim()} {stdout.Result.Trim()}");
        }
    }
}
