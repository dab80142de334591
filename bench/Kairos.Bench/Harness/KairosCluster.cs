using Kairos.Host.Hosting;
using Kairos.Host.Operations.Views;
using Kairos.Host.Storage.History;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Bench.Harness;

/// <summary>
/// One embedded Kairos host on LiteDB, or one or more embedded hosts sharing a PostgreSQL database (store
/// <c>postgres</c>, node ids <c>bench-1</c>, <c>bench-2</c>, ...): each fire runs once in the whole cluster. Work is
/// added through the first host; every host claims and runs it.
/// </summary>
internal sealed class KairosCluster : IAsyncDisposable
{
    private readonly List<KairosInstance> _hosts;

    private KairosCluster(List<KairosInstance> hosts) => _hosts = hosts;

    public int Count => _hosts.Count;

    /// <summary>Run records of the whole cluster (one database), read through the first host.</summary>
    public IRunHistory Runs => _hosts[0].Runs;

    /// <summary>Starts the hosts; a null connection string means one host on its own LiteDB file.</summary>
    public static async Task<KairosCluster> StartAsync(
        int hosts, string? connectionString, int maxConcurrency, Action<IKairosBuilder> addJobs, Action<IServiceCollection> addServices)
    {
        if (connectionString is null && hosts != 1)
        {
            throw new ArgumentOutOfRangeException(nameof(hosts), hosts, "a LiteDB store has exactly one host");
        }
        var started = new List<KairosInstance>();
        try
        {
            // One after another: the first creates the schema.
            for (var i = 1; i <= hosts; i++)
            {
                var node = "bench-" + i;
                started.Add(await KairosInstance.StartAsync(maxConcurrency, addJobs, addServices, connectionString is null ? null : (o, _) =>
                {
                    o.Store = "postgres";
                    o.ConnectionString = connectionString;
                    o.NodeId = node;
                }).ConfigureAwait(false));
            }
        }
        catch
        {
            await DisposeAllAsync(started).ConfigureAwait(false);
            throw;
        }
        return new KairosCluster(started);
    }

    /// <summary>The trigger API of the first host (it writes to the shared store; the other hosts see it at their next poll).</summary>
    public IJobTriggers TriggersOf(string jobId) => _hosts[0].TriggersOf(jobId);

    /// <summary>Pause, resume and the rest of what the CLI does, through the first host (pausing a job pauses it cluster-wide).</summary>
    public KairosOperations Operations => _hosts[0].Services.GetRequiredService<KairosOperations>();

    /// <summary>Stops every host at once, the way a shutdown does: running jobs finish and are recorded.</summary>
    public Task StopAsync() => Task.WhenAll(_hosts.Select(h => h.StopAsync()));

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await DisposeAllAsync(_hosts).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(List<KairosInstance> hosts)
    {
        foreach (var host in hosts)
        {
            await host.DisposeAsync().ConfigureAwait(false);
        }
    }
}
