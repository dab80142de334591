using Kairos;
using Microsoft.Extensions.Logging;

namespace Fixtures.Chaining;

/// <summary>
/// Keeps the scheduler its startup is given (<see cref="PluginStartupContext.Scheduler"/>) for <see cref="FreezeJob"/>,
/// which acts through it, so the pause it makes is recorded as the plugin's (<c>plugin:ChainingPlugin</c>).
/// </summary>
public sealed class Startup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context) =>
        new StartupScheduler(context.Scheduler ?? throw new InvalidOperationException("the host gave the plugin's startup no scheduler"));

    private sealed class StartupScheduler(IScheduler scheduler) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(IScheduler) ? scheduler : null;
    }
}

/// <summary>Pauses <see cref="SecondJob"/> through the scheduler the plugin's startup got.</summary>
[Job("fixtures.chain-freeze")]
public sealed class FreezeJob(IScheduler startupScheduler) : IJob
{
    public async Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        await startupScheduler.PauseAsync("fixtures.chain-second", "frozen by the plugin", cancellationToken: cancellationToken);
        context.Logger.LogInformation("froze fixtures.chain-second");
    }
}
