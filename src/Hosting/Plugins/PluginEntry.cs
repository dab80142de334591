using Kairos.Host.Plugins.Loading;
using Kairos.Host.Sources.Folder;

namespace Kairos.Host.Plugins;

/// <summary>What the plugin source knows of one plugin of the folder (by name), besides its published version.</summary>
internal sealed class PluginEntry(string name) : SourceEntry<LoadedPlugin>(name)
{
    public string Name => Key;

    /// <summary>Why the last load or trust check failed; shown with the running version, if any.</summary>
    public string? Error { get; set; }

    /// <summary>The content hash whose load failed and was reported (not reported again).</summary>
    public string? FailedHash { get; set; }
}
