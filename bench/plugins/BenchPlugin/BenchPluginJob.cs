using System.Globalization;
using System.Reflection;
using Kairos;

namespace BenchPlugin;

/// <summary>
/// Prints a marker line with its assembly version when it runs (the cold-start scenario reads the host's stdout);
/// the per-second trigger gives the reload scenario a fire of every new version.
/// </summary>
[Job("bench.plugin", Overlap = OverlapPolicy.Allow, MaxConcurrency = 100)]
[CronTrigger("* * * * * *", Key = "tick")]
public sealed class BenchPluginJob : IJob
{
    public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var version = typeof(BenchPluginJob).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "?";
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"KAIROS_BENCH_FIRED plugin {version} {context.TriggerKey}"));
        return Task.CompletedTask;
    }
}
