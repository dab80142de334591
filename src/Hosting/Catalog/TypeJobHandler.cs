namespace Kairos.Host.Catalog;

/// <summary>
/// Runs a job class: creates an instance per run (through <paramref name="services"/> when given, else its public
/// constructor), executes it, and disposes it. Used for app jobs and plugin jobs alike.
/// </summary>
internal sealed class TypeJobHandler(
    JobDefinition definition,
    string source,
    string version,
    Type jobType,
    IServiceProvider? services) : JobHandler(definition, source, version)
{
    public Type JobType { get; } = jobType;

    public override async Task RunAsync(JobContext context, CancellationToken cancellationToken)
    {
        var instance = (IJob)(services?.GetService(JobType)
            ?? (services is null ? null : CreateWith(services))
            ?? Activator.CreateInstance(JobType)!);
        try
        {
            await instance.ExecuteAsync(context, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            await JobDisposal.DisposeAsync(instance).ConfigureAwait(false);
        }
    }

    private object? CreateWith(IServiceProvider provider)
    {
        // Constructor injection without a DI package shared across the load-context boundary:
        // take the longest public constructor whose parameters the provider can all supply.
        foreach (var ctor in JobType.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = ctor.GetParameters();
            var args = new object?[parameters.Length];
            var ok = true;
            for (var i = 0; i < parameters.Length && ok; i++)
            {
                args[i] = provider.GetService(parameters[i].ParameterType);
                ok = args[i] is not null || parameters[i].HasDefaultValue;
                if (args[i] is null && parameters[i].HasDefaultValue)
                {
                    args[i] = parameters[i].DefaultValue;
                }
            }
            if (ok)
            {
                return ctor.Invoke(args);
            }
        }
        return null;
    }
}
