using System.Reflection;

namespace Kairos.Testing;

/// <summary>Builds a plugin's own services for a test run, as the host does when it loads the plugin.</summary>
internal static class PluginStartups
{
    /// <summary>The services of <paramref name="assembly"/>'s <see cref="IPluginStartup"/>, or null when it declares none.</summary>
    public static IServiceProvider? ConfigureServices(Assembly assembly, TestJobContext context)
    {
        var startups = assembly.GetTypes()
            .Where(t => (t.IsPublic || t.IsNestedPublic) && t.IsClass && !t.IsAbstract && typeof(IPluginStartup).IsAssignableFrom(t))
            .ToList();
        if (startups.Count > 1)
        {
            throw new InvalidOperationException(
                $"{assembly.GetName().Name} declares {startups.Count} IPluginStartup classes ({string.Join(", ", startups.Select(s => s.FullName))}): expected at most one");
        }
        if (startups.Count == 0)
        {
            return null;
        }
        var name = assembly.GetName().Name ?? startups[0].Name;
        var startup = (IPluginStartup)Activator.CreateInstance(startups[0])!;
        var startupContext = new PluginStartupContext(name, new CapturingLoggerFactory(context.Capture), context.Settings, context.Clock)
        {
            Scheduler = context.Scheduler,
        };
        return startup.ConfigureServices(startupContext)
            ?? throw new InvalidOperationException($"{startups[0].FullName}.ConfigureServices returned null: expected a service provider");
    }
}
