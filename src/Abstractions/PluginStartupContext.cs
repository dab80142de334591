using System.ComponentModel;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Logging;

namespace Kairos;

/// <summary>
/// What the host gives a plugin's <see cref="IPluginStartup"/>. A class of properties (as
/// <c>Microsoft.Extensions.Hosting.HostBuilderContext</c> is), so that later versions can add some without breaking a
/// plugin built against this one.
/// </summary>
public sealed class PluginStartupContext
{
    /// <summary>An empty context, to fill with an object initializer (tests of a plugin's startup).</summary>
    public PluginStartupContext()
    {
    }

    /// <summary>A context with every property of version 1.0 (the constructor of the record it was then).</summary>
    /// <param name="PluginName">The plugin's name (its folder or file name).</param>
    /// <param name="LoggerFactory">Creates loggers written to the host log.</param>
    /// <param name="Settings">The plugin's configuration section, flattened.</param>
    /// <param name="TimeProvider">The host's clock.</param>
    [SetsRequiredMembers]
    [SuppressMessage("Naming", "CA1725", Justification = "The record's parameter names, kept for callers that name them.")]
    public PluginStartupContext(
#pragma warning disable IDE1006 // Named as the 1.0 record's parameters, so calls with named arguments still compile.
        string PluginName,
        ILoggerFactory LoggerFactory,
        IReadOnlyDictionary<string, string?> Settings,
        TimeProvider TimeProvider)
#pragma warning restore IDE1006
    {
        this.PluginName = PluginName;
        this.LoggerFactory = LoggerFactory;
        this.Settings = Settings;
        this.TimeProvider = TimeProvider;
    }

    /// <summary>The plugin's name (its folder or file name).</summary>
    public required string PluginName { get; init; }

    /// <summary>Creates loggers written to the host log; use category names, not plugin types.</summary>
    public required ILoggerFactory LoggerFactory { get; init; }

    /// <summary>
    /// The plugin's configuration section <c>Kairos:Plugins:NAME</c> flattened to <c>key</c> / <c>section:key</c> pairs.
    /// </summary>
    public required IReadOnlyDictionary<string, string?> Settings { get; init; }

    /// <summary>The host's clock.</summary>
    public required TimeProvider TimeProvider { get; init; }

    /// <summary>
    /// The scheduler, to schedule or query jobs from the plugin's startup; <see langword="null"/> when the context was
    /// made without one (a test of the startup). Register <see cref="ISchedulerListener"/> services in the provider this
    /// startup returns to be told about runs; they are dropped when the plugin unloads.
    /// </summary>
    public IScheduler? Scheduler { get; init; }

    /// <summary>The four properties of version 1.0, for a plugin built when this was a positional record.</summary>
    /// <param name="PluginName">The plugin's name.</param>
    /// <param name="LoggerFactory">Creates loggers written to the host log.</param>
    /// <param name="Settings">The plugin's configuration section, flattened.</param>
    /// <param name="TimeProvider">The host's clock.</param>
    [EditorBrowsable(EditorBrowsableState.Never)]
#pragma warning disable IDE1006
    public void Deconstruct(
        out string PluginName,
        out ILoggerFactory LoggerFactory,
        out IReadOnlyDictionary<string, string?> Settings,
        out TimeProvider TimeProvider)
#pragma warning restore IDE1006
    {
        PluginName = this.PluginName;
        LoggerFactory = this.LoggerFactory;
        Settings = this.Settings;
        TimeProvider = this.TimeProvider;
    }
}
