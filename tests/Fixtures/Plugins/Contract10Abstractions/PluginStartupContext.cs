using Microsoft.Extensions.Logging;

namespace Kairos;

/// <summary>What the host gives a plugin's <see cref="IPluginStartup"/>.</summary>
/// <param name="PluginName">The plugin's name (its folder or file name).</param>
/// <param name="LoggerFactory">Creates loggers written to the host log; use category names, not plugin types.</param>
/// <param name="Settings">
/// The plugin's configuration section <c>Kairos:Plugins:NAME</c> flattened to <c>key</c> / <c>section:key</c> pairs.
/// </param>
/// <param name="TimeProvider">The host's clock.</param>
public sealed record PluginStartupContext(
    string PluginName,
    ILoggerFactory LoggerFactory,
    IReadOnlyDictionary<string, string?> Settings,
    TimeProvider TimeProvider);
