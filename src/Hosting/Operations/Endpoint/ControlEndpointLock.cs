using Kairos.Host.Hosting;
using Kairos.Host.Storage;
using Kairos.Host.Storage.LiteDb;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Host.Operations.Endpoint;

/// <summary>
/// With PostgreSQL, this host's hold on the node file (<see cref="StoreClaim"/>: <c>FILE.lock</c> beside
/// <see cref="KairosOptions.DatabasePath"/>) that anchors its control endpoint for the CLI (<see cref="ControlEndpoint"/>),
/// so two hosts on one machine never publish their endpoints in one place. Taken before the cluster membership starts,
/// released after it stopped (it is registered before it). With LiteDB the store holds that file itself.
/// </summary>
internal sealed class ControlEndpointLock(StoreClaim claim, IOptions<KairosOptions> options) : IHostedLifecycleService, IDisposable
{
    private StoreFileLock? _held;

    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (options.Value.UsesPostgres)
        {
            _held = claim.Take();
        }
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken)
    {
        Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _held?.Dispose();
        _held = null;
    }
}
