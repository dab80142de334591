using Kairos.Host.Sources;

namespace Kairos.Host.Plugins;

/// <summary>
/// Timing of the plugin folder watch and of unload checks (see <see cref="SourceOptions"/>). Drain and cancellation
/// graces come from <see cref="Hosting.KairosOptions"/>.
/// </summary>
internal sealed class PluginSourceOptions : SourceOptions
{
    public PluginSourceOptions()
    {
        MaxDebounce = TimeSpan.FromSeconds(5);
        UnloadCheckPause = TimeSpan.FromMilliseconds(100);
    }
}
