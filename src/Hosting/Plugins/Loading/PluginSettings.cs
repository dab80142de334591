using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Plugins.Loading;

/// <summary>Reads a plugin's configuration section <c>Kairos:Plugins:NAME</c> as flat <c>key</c> / <c>section:key</c> pairs.</summary>
internal sealed class PluginSettings(IConfiguration? configuration)
{
    public IReadOnlyDictionary<string, string?> For(string pluginName)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        if (configuration is null)
        {
            return settings;
        }
        foreach (var (key, value) in configuration.GetSection($"Kairos:Plugins:{pluginName}").AsEnumerable(makePathsRelative: true))
        {
            if (value is not null)
            {
                settings[key] = value;
            }
        }
        return settings;
    }
}
