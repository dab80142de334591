using System.Reflection;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// The service provider a plugin's <see cref="Catalog.TypeJobHandler"/>s create job instances through: from the
/// plugin's own services when it has an <see cref="IPluginStartup"/>, else through the job's public constructor.
/// A constructor that throws, or a missing dependency, fails the run with a message naming plugin, file and job.
/// </summary>
internal sealed class PluginJobActivator(string pluginName, string displayPath, IServiceProvider? pluginServices) : IServiceProvider
{
    public IServiceProvider? PluginServices => pluginServices;

    public object? GetService(Type serviceType)
    {
        if (!typeof(IJob).IsAssignableFrom(serviceType) || !serviceType.IsClass)
        {
            return pluginServices?.GetService(serviceType);
        }
        try
        {
            return pluginServices?.GetService(serviceType)
                ?? Construct(serviceType)
                ?? throw Fail(serviceType, "it has no public constructor whose parameters the plugin's services can supply", null);
        }
        catch (TargetInvocationException e) when (e.InnerException is { } inner)
        {
            throw Fail(serviceType, $"its constructor threw {inner.GetType().Name}: {inner.Message}", inner);
        }
        catch (Exception e) when (e is not PluginJobActivationException)
        {
            throw Fail(serviceType, $"{e.GetType().Name}: {e.Message}", e);
        }
    }

    private object? Construct(Type jobType)
    {
        foreach (var ctor in jobType.GetConstructors().OrderByDescending(c => c.GetParameters().Length))
        {
            var parameters = ctor.GetParameters();
            var args = new object?[parameters.Length];
            var ok = true;
            for (var i = 0; i < parameters.Length && ok; i++)
            {
                args[i] = pluginServices?.GetService(parameters[i].ParameterType);
                if (args[i] is null && parameters[i].HasDefaultValue)
                {
                    args[i] = parameters[i].DefaultValue;
                }
                ok = args[i] is not null || parameters[i].HasDefaultValue;
            }
            if (ok)
            {
                return ctor.Invoke(args);
            }
        }
        return null;
    }

    private PluginJobActivationException Fail(Type jobType, string cause, Exception? inner) =>
        new(pluginName, jobType.FullName ?? jobType.Name,
            $"plugin '{pluginName}' ({displayPath}): could not create job class {jobType.FullName}: {cause}", inner);
}
