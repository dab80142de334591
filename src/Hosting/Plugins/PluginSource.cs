namespace Kairos.Host.Plugins;

/// <summary>The catalog source name of a plugin.</summary>
internal static class PluginSource
{
    public const string Prefix = "plugin:";

    public static string For(string pluginName) => Prefix + pluginName;
}
