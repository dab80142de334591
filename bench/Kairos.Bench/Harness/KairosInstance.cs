using Kairos.Host.Execution.Running;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.History;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kairos.Bench.Harness;

/// <summary>
/// A real embedded Kairos host (the Generic Host, <c>AddKairos</c>, its LiteDB store in a fresh folder): the same
/// services, store, history and leases as <c>kairos run</c>, without plugins, scripts or the control API.
/// </summary>
internal sealed class KairosInstance : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _dir;
    private bool _stopped;

    private KairosInstance(IHost host, string dir)
    {
        _host = host;
        _dir = dir;
    }

    public IServiceProvider Services => _host.Services;

    public IRunHistory Runs => _host.Services.GetRequiredService<IRunHistory>();

    public static async Task<KairosInstance> StartAsync(
        int maxConcurrency, Action<IKairosBuilder> addJobs, Action<IServiceCollection>? addServices = null, Action<KairosOptions, string>? configure = null)
    {
        var dir = BenchPaths.NewTempDir("kairos");
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        addServices?.Invoke(builder.Services);
        var kairos = builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(dir, "kairos.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
            o.MaxConcurrency = maxConcurrency;
            configure?.Invoke(o, dir);
        });
        addJobs(kairos);
        var host = builder.Build();
        await host.StartAsync().ConfigureAwait(false);
        return new KairosInstance(host, dir);
    }

    /// <summary>The same trigger API a running job gets as <see cref="JobContext.Triggers"/> (validation, store write, wake-up).</summary>
    public IJobTriggers TriggersOf(string jobId) => _host.Services.GetRequiredService<IJobTriggersFactory>().For(jobId);

    /// <summary>Stops the host the way a shutdown does: the loop ends and running jobs finish and are recorded.</summary>
    public async Task StopAsync()
    {
        if (!_stopped)
        {
            _stopped = true;
            await _host.StopAsync().ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        _host.Dispose();
        BenchPaths.TryDelete(_dir);
    }
}
