namespace Kairos.Host.Plugins.Loading;

/// <summary>A plugin job instance could not be created for a run; the message names the plugin, its file and the job.</summary>
internal sealed class PluginJobActivationException(string plugin, string jobType, string message, Exception? innerException)
    : Exception(message, innerException)
{
    /// <summary>The plugin's name.</summary>
    public string Plugin { get; } = plugin;

    /// <summary>The full name of the job class.</summary>
    public string JobType { get; } = jobType;
}
