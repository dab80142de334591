using Kairos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fixtures.Listener;

/// <summary>Registers a listener in the plugin's services: the host calls it while this version is loaded.</summary>
public sealed class Startup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context)
    {
        var logger = context.LoggerFactory.CreateLogger("Fixtures.ListenerPlugin");
        return new ServiceCollection()
            .AddSingleton<ISchedulerListener>(new RunLogger(logger))
            .BuildServiceProvider();
    }
}

/// <summary>Logs each run that ended, so the tests see that the host called it.</summary>
public sealed class RunLogger(ILogger logger) : ISchedulerListener
{
    public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken)
    {
        logger.LogInformation("run {RunId} of {JobId} ended {Status}", e.RunId, e.JobId, e.Status);
        return ValueTask.CompletedTask;
    }
}

/// <summary>A plugin needs a job to load.</summary>
[Job("fixtures.listener-host")]
public sealed class NothingJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
}
