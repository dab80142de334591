namespace Kairos;

/// <summary>
/// Optional: a plugin that needs its own services declares one public class implementing this interface.
/// The host calls it once per load of the plugin and creates each job instance through the returned provider
/// (falling back to the job's public constructor), so jobs can take the plugin's services in their constructors.
/// </summary>
/// <remarks>
/// The provider lives in the plugin's own load context and is disposed, when it implements
/// <see cref="IDisposable"/> or <see cref="IAsyncDisposable"/>, before the plugin is unloaded.
/// </remarks>
public interface IPluginStartup
{
    /// <summary>Builds the plugin's services.</summary>
    /// <param name="context">The logger factory and configuration the host gives the plugin.</param>
    /// <returns>A service provider that can create the plugin's job types.</returns>
    IServiceProvider ConfigureServices(PluginStartupContext context);
}
