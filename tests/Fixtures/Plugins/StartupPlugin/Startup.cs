using Kairos;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Fixtures.Startup;

/// <summary>A service of the plugin, built from its settings.</summary>
public sealed class Greeter(string greeting)
{
    public string Greeting { get; } = greeting;
}

/// <summary>Builds the plugin's services from its configuration section.</summary>
public sealed class Startup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context)
    {
        var logger = context.LoggerFactory.CreateLogger("Fixtures.StartupPlugin");
        var greeting = context.Settings.TryGetValue("Greeting", out var value) ? value! : "(no greeting)";
        var nested = context.Settings.TryGetValue("Nested:Key", out var n) ? n : "(none)";
        logger.LogInformation("configured {Plugin} with {Greeting} and {Nested}", context.PluginName, greeting, nested);
        var services = new ServiceCollection()
            .AddSingleton(new Greeter(greeting))
            .AddSingleton(_ => new DisposalWitness(logger))
            .AddTransient<GreeterJob>()
            .BuildServiceProvider();
        services.GetRequiredService<DisposalWitness>();
        return services;
    }
}

/// <summary>Logs when the plugin's container disposes it, so the tests see the services disposed before unload.</summary>
public sealed class DisposalWitness(ILogger logger) : IDisposable
{
    public void Dispose() => logger.LogInformation("services disposed");
}

/// <summary>Takes the plugin's service in its constructor.</summary>
[Job("fixtures.greeter")]
[IntervalTrigger(60)]
public sealed class GreeterJob(Greeter greeter) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        context.Logger.LogInformation("greeting {Greeting}", greeter.Greeting);
        return Task.CompletedTask;
    }
}
