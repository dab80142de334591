using System.Text.Json;
using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Scripts;
using Kairos.Host.Scripts.Status;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Scripts.Fakes;

/// <summary>
/// The script source wired as the host wires it (AddKairosScripts, a real catalog, real files, real Roslyn), over a
/// temp folder with <c>scripts/</c> and <c>data/</c>. Runs are driven by calling the catalog's current handler.
/// </summary>
internal sealed class ScriptHost : IAsyncDisposable
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);
    private readonly ServiceProvider _provider;

    private ScriptHost(string root, ServiceProvider provider, LogCollector logs)
    {
        Root = root;
        _provider = provider;
        Logs = logs;
    }

    public string Root { get; }

    public string ScriptsFolder => Path.Combine(Root, "scripts");

    public LogCollector Logs { get; }

    public JobCatalog Catalog => _provider.GetRequiredService<JobCatalog>();

    public ScriptStatusBoard Board => _provider.GetRequiredService<ScriptStatusBoard>();

    public ScriptJobSource Source => _provider.GetRequiredService<ScriptJobSource>();

    public ScriptCountersSnapshot Counters => Board.Snapshot().Counters;

    public static async Task<ScriptHost> StartAsync(
        string root, Action<KairosOptions>? kairos = null, Action<ScriptSourceOptions>? scripts = null, Func<ScriptHost, Task>? beforeStart = null)
    {
        var logs = new LogCollector();
        var services = new ServiceCollection();
        services.AddSingleton(TimeProvider.System);
        services.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug).AddProvider(logs));
        services.Configure<KairosOptions>(o =>
        {
            o.ScriptsPath = Path.Combine(root, "scripts");
            o.DatabasePath = Path.Combine(root, "data", "kairos.db");
            kairos?.Invoke(o);
        });
        services.Configure<ScriptSourceOptions>(o =>
        {
            o.Debounce = TimeSpan.FromMilliseconds(50);
            o.PollInterval = TimeSpan.FromSeconds(1);
            scripts?.Invoke(o);
        });
        services.AddSingleton<JobCatalog>();
        services.AddKairosScripts();
        var provider = services.BuildServiceProvider();
        var host = new ScriptHost(root, provider, logs);
        if (beforeStart is not null)
        {
            await beforeStart(host);
        }
        await host.Source.StartAsync(CancellationToken.None);
        return host;
    }

    /// <summary>Writes a file atomically (temp file, then rename), as a careful deploy would.</summary>
    public void Write(string relativePath, string text) => Seed(Root, relativePath, text);

    /// <summary>Writes a script under <c>ROOT/scripts</c>, before or while a host runs.</summary>
    public static void Seed(string root, string relativePath, string text)
    {
        var path = Path.Combine(root, "scripts", relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = Path.Combine(Path.GetDirectoryName(path)!, $".{Guid.NewGuid():N}.tmp");
        File.WriteAllText(temporary, text);
        File.Move(temporary, path, overwrite: true);
    }

    public ScriptStatus Status(string relativePath) =>
        Board.Snapshot().Scripts.Single(s => s.Path == relativePath);

    public JobHandler Handler(string jobId) =>
        Catalog.TryGetHandler(jobId, out var handler) ? handler : throw new InvalidOperationException($"job '{jobId}' is not in the catalog");

    /// <summary>Waits (on board change events, never sleeping) until the predicate holds.</summary>
    public async Task<ScriptsSnapshot> WaitForAsync(Func<ScriptsSnapshot, bool> predicate, string what)
    {
        var changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnChanged()
        {
            if (predicate(Board.Snapshot()))
            {
                changed.TrySetResult();
            }
        }
        Board.Changed += OnChanged;
        try
        {
            OnChanged();
            await changed.Task.WaitAsync(WaitLimit);
            return Board.Snapshot();
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"timed out waiting for {what}; scripts now: {JsonSerializer.Serialize(Board.Snapshot())}");
        }
        finally
        {
            Board.Changed -= OnChanged;
        }
    }

    public Task<ScriptsSnapshot> WaitForVersionAsync(string relativePath, Func<ScriptStatus, bool> predicate, string what) =>
        WaitForAsync(s => s.Scripts.FirstOrDefault(x => x.Path == relativePath) is { } status && predicate(status), what);

    /// <summary>Runs the job's current handler once, as the dispatcher does (Enter, RunAsync, Exit).</summary>
    public Task<TestJobContext> RunAsync(string jobId, string? dataJson = null, IJobTriggers? triggers = null) =>
        RunAsync(Handler(jobId), dataJson, triggers, CancellationToken.None);

    public static async Task<TestJobContext> RunAsync(JobHandler handler, string? dataJson, IJobTriggers? triggers, CancellationToken cancellationToken)
    {
        var context = new TestJobContext(handler.Definition.Id, dataJson, triggers);
        using var registration = handler.Enter(cancellationToken);
        await handler.RunAsync(context, registration.Token);
        return context;
    }

    public async ValueTask DisposeAsync() => await _provider.DisposeAsync();
}
