using System.Runtime.CompilerServices;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.Host.Plugins;
using Kairos.Host.Plugins.Loading;
using Kairos.Host.Plugins.Status;
using Kairos.IntegrationTests.Plugins.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// The plugin subsystem as the host wires it (catalog, options, <c>AddKairosPlugins</c>) over a private plugins folder,
/// with a recording logger. Runs are driven by calling the catalog's current handler, since the scheduler is not part
/// of these tests.
/// </summary>
internal sealed class PluginTestHost : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly ServiceProvider _services;

    private PluginTestHost(ServiceProvider services, string root, RecordingLoggerProvider logs)
    {
        _services = services;
        Logs = logs;
        Root = root;
        PluginsFolder = Path.Combine(root, "plugins");
    }

    public string Root { get; }

    public string PluginsFolder { get; }

    public JobCatalog Catalog => _services.GetRequiredService<JobCatalog>();

    public PluginStatusBoard Registry => _services.GetRequiredService<PluginStatusBoard>();

    public PluginJobSource Source => _services.GetRequiredService<PluginJobSource>();

    /// <summary>The listeners the plugins registered.</summary>
    public ListenerHub Listeners => _services.GetRequiredService<ListenerHub>();

    /// <summary>Where this host copies the plugins it loads (one folder per loaded version, named plugin.N).</summary>
    public string ShadowRoot => _services.GetRequiredService<PluginShadowCopy>().Root;

    /// <summary>Every log line of the plugin subsystem and of the plugins' own loggers.</summary>
    public RecordingLoggerProvider Logs { get; }

    /// <summary>Creates the host; deploy plugins into <see cref="PluginsFolder"/>, then <see cref="StartAsync"/>.</summary>
    public static PluginTestHost Create(Action<KairosOptions>? configure = null, IDictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "kairos-plugin-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        var logs = new RecordingLoggerProvider();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings ?? new Dictionary<string, string?>()).Build());
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.AddSingleton<JobCatalog>();
        services.AddOptions<KairosOptions>().Configure(o =>
        {
            o.PluginsPath = Path.Combine(root, "plugins");
            o.DrainGrace = TimeSpan.FromSeconds(30);
            o.CancellationGrace = TimeSpan.FromSeconds(5);
            configure?.Invoke(o);
        });
        services.AddKairosPlugins();
        services.Configure<PluginSourceOptions>(o =>
        {
            o.Debounce = TimeSpan.FromMilliseconds(150);
            o.PollInterval = TimeSpan.FromSeconds(1);
            o.UnloadCheckPause = TimeSpan.FromMilliseconds(50);
            o.UnloadCheckRounds = 20;
        });
        return new PluginTestHost(services.BuildServiceProvider(), root, logs);
    }

    public Task StartAsync() => Source.StartAsync(CancellationToken.None);

    public string Deploy(string project, string? name = null) => PluginFixtures.Deploy(project, PluginsFolder, name);

    public void ScanNow() => Source.ScanNow();

    /// <summary>Waits until the retirements started so far (drain, unload, collection check) are over.</summary>
    public Task WhenIdleAsync() => Source.WhenIdleAsync().WaitAsync(Timeout);

    /// <summary>Completes at the next catalog change that satisfies <paramref name="condition"/> (checked on the snapshot).</summary>
    public Task NextChangeAsync(Func<CatalogSnapshot, bool> condition)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged(CatalogChange change)
        {
            if (condition(change.Snapshot))
            {
                done.TrySetResult();
            }
        }
        Catalog.Changed += OnChanged;
        return done.Task.WaitAsync(Timeout).ContinueWith(t =>
        {
            Catalog.Changed -= OnChanged;
            t.GetAwaiter().GetResult();
        }, TaskScheduler.Default);
    }

    public string? VersionOf(string jobId) => Catalog.TryGetHandler(jobId, out var handler) ? handler.Version : null;

    /// <summary>Runs the job's current handler once as the scheduler would, and returns the version that ran.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public async Task<string> RunAsync(string jobId, FakeJobContext context, CancellationToken cancellationToken = default)
    {
        Assert.True(Catalog.TryGetHandler(jobId, out var handler), $"job '{jobId}' is not in the catalog");
        var version = handler.Version;
        using var run = handler.Enter(cancellationToken);
        await handler.RunAsync(context, run.Token).WaitAsync(Timeout, cancellationToken);
        return version;
    }

    public async ValueTask DisposeAsync()
    {
        await Source.StopAsync(CancellationToken.None);
        await _services.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
