using Microsoft.Extensions.Logging;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// The logger factory a plugin gets: creates loggers of the host's factory by category name, and keeps the plugin
/// from adding providers to, or disposing, the host's factory (a provider from a plugin would pin its context).
/// </summary>
internal sealed class PluginLoggerFactory(ILoggerFactory host) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => host.CreateLogger(categoryName);

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("A plugin cannot add logging providers to the host; its log lines go to the host's providers.");

    public void Dispose()
    {
        // The host owns the factory.
    }
}
