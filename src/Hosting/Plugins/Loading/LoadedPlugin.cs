using Kairos.Host.Catalog;
using Kairos.Host.Plugins.Inspection;

namespace Kairos.Host.Plugins.Loading;

/// <summary>
/// One loaded version of one plugin: its load context, its services and the handlers of its jobs. It is retired (drained,
/// disposed, unloaded) when a newer version replaces it or the plugin is deleted; <see cref="Release"/> hands its
/// context over and forgets it, so nothing here keeps the context alive afterwards.
/// </summary>
internal sealed class LoadedPlugin(
    string name,
    string displayPath,
    string version,
    string contentHash,
    DateTimeOffset loadedAtUtc,
    IReadOnlyList<JobHandler> handlers,
    IReadOnlyList<PluginProblem> problems,
    PluginAssemblyContext context,
    IServiceProvider? services,
    string shadowFolder)
{
    private PluginAssemblyContext? _context = context;
    private IServiceProvider? _services = services;
    private IReadOnlyList<JobHandler> _handlers = handlers;
    private IReadOnlyList<ISchedulerListener> _listeners = [];
    private IDisposable? _listening;

    public string Name { get; } = name;

    public string Source => PluginSource.For(Name);

    /// <summary>The main assembly as the user knows it, e.g. <c>plugins/Billing/Billing.dll</c>.</summary>
    public string DisplayPath { get; } = displayPath;

    /// <summary>Informational version and content hash, e.g. <c>1.2.0#3fa9c1d2e4b5</c>.</summary>
    public string Version { get; } = version;

    public string ContentHash { get; } = contentHash;

    public DateTimeOffset LoadedAtUtc { get; } = loadedAtUtc;

    public IReadOnlyList<JobHandler> Handlers => _handlers;

    /// <summary>The ids of the jobs of this version; kept after <see cref="Release"/>.</summary>
    public IReadOnlyList<string> JobIds { get; } = [.. handlers.Select(h => h.Definition.Id)];

    /// <summary>What is wrong with single jobs of this version (they were left out; the rest loaded).</summary>
    public IReadOnlyList<PluginProblem> Problems { get; } = problems;

    public string ShadowFolder { get; } = shadowFolder;

    /// <summary>The job ids of this version that another plugin already declared (the catalog kept the other one).</summary>
    public IReadOnlySet<string> ConflictedJobIds { get; set; } = new HashSet<string>();

    /// <summary>The <see cref="ISchedulerListener"/> services of this version's startup; empty after <see cref="Release"/>.</summary>
    public IReadOnlyList<ISchedulerListener> Listeners
    {
        get => _listeners;
        init => _listeners = value;
    }

    /// <summary>Has this version's listeners called from now on (<paramref name="add"/> registers them); until <see cref="Release"/>.</summary>
    public void Listen(Func<IReadOnlyList<ISchedulerListener>, IDisposable> add)
    {
        if (_listeners.Count > 0 && _context is not null)
        {
            _listening = add(_listeners);
        }
    }

    /// <summary>
    /// Stops calling the listeners, then hands over the services and context to dispose and unload, and drops every
    /// reference to them.
    /// </summary>
    public (IServiceProvider? Services, PluginAssemblyContext? Context) Release()
    {
        _listening?.Dispose();
        _listening = null;
        _listeners = [];
        var released = (_services, _context);
        _services = null;
        _context = null;
        _handlers = [];
        return released;
    }
}
