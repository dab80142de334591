using Kairos.Host.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Kairos.Host.Execution;

/// <summary>
/// Adds the gauges of ready runs, running runs and free slots once the host starts (<see cref="KairosMetrics.ObserveRuns"/>).
/// The dispatcher is resolved then, not in a constructor: the metrics are a dependency of the engine's parts.
/// </summary>
internal sealed class RunGauges(KairosMetrics metrics, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (services.GetService<Dispatcher>() is { } dispatcher && services.GetService<ExecutingRuns>() is { } executing)
        {
            metrics.ObserveRuns(() => dispatcher.ReadyCount, () => executing.Busy, () => executing.FreeSlots);
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
