using Kairos;
using Microsoft.Extensions.Logging;

namespace Fixtures.Contract10;

/// <summary>What the startup built from its context, through every 1.0 way of reading it.</summary>
public sealed class StartupWitness(string text)
{
    public string Text { get; } = text;
}

/// <summary>
/// Reads the <see cref="PluginStartupContext"/> as 1.0 allowed: by deconstruction (the record's Deconstruct), by its
/// properties, and by calling its constructor (a plugin's own test would).
/// </summary>
public sealed class Startup : IPluginStartup
{
    public IServiceProvider ConfigureServices(PluginStartupContext context)
    {
        var (name, loggerFactory, settings, time) = context;
        var copy = new PluginStartupContext(name, loggerFactory, settings, time);
        var witness = new StartupWitness($"{copy.PluginName} {context.LoggerFactory is not null} {settings.Count} {time == context.TimeProvider}");
        return new Services(witness);
    }

    private sealed class Services(StartupWitness witness) : IServiceProvider
    {
        public object? GetService(Type serviceType) => serviceType == typeof(StartupWitness) ? witness : null;
    }
}

/// <summary>Declares one trigger of each attribute with every common member set (they moved to a base class after 1.0).</summary>
[Job("fixtures.contract10")]
[CronTrigger("0 0 1 1 *", Key = "yearly", TimeZone = "Europe/Paris", Misfire = MisfirePolicy.Skip, Priority = 3, DataJson = "{\"cron\":1}")]
[IntervalTrigger(60, Key = "minute", Misfire = MisfirePolicy.FireAll, Priority = 2, DataJson = "{\"interval\":2}")]
public sealed class Contract10Job(StartupWitness witness) : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        // The 1.0 names of the instants, and a JobContext subclass of 1.0's own (only the members 1.0 declared).
        var own = new OwnContext(context);
        context.Logger.LogInformation("{Witness}|{Scheduled:O}|{Started:O}|{Own:O}",
            witness.Text, context.ScheduledFireTimeUtc, context.FireTimeUtc, own.ScheduledFireTimeUtc);
        // A cron attribute read back through reflection as 1.0 code would: its Key property found on its own type.
        var cron = (CronTriggerAttribute)Attribute.GetCustomAttribute(typeof(Contract10Job), typeof(CronTriggerAttribute))!;
        context.Logger.LogInformation("{Key}|{Misfire}|{Priority}|{Data}", cron.Key, cron.Misfire, cron.Priority, cron.DataJson);
        return Task.CompletedTask;
    }
}

/// <summary>A context of the plugin's own, as a plugin's tests build one: it implements 1.0's abstract members only.</summary>
public sealed class OwnContext(JobContext inner) : JobContext
{
    public static readonly DateTimeOffset Scheduled = new(2030, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public override string JobId => inner.JobId;
    public override string TriggerKey => inner.TriggerKey;
    public override string RunId => inner.RunId;
    public override DateTimeOffset ScheduledFireTimeUtc => Scheduled;
    public override DateTimeOffset FireTimeUtc => Scheduled.AddSeconds(1);
    public override int Attempt => inner.Attempt;
    public override string? DataJson => inner.DataJson;
    public override ILogger Logger => inner.Logger;
    public override TimeProvider TimeProvider => inner.TimeProvider;
    public override IJobTriggers Triggers => inner.Triggers;
}
