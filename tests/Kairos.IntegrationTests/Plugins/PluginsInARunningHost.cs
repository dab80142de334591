using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Operations.Views;
using Kairos.Host.Plugins;
using Kairos.Host.Plugins.Status;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Runs;
using Kairos.IntegrationTests.Scripts.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// A real host (AddKairos: LiteDB store, scheduler, dispatcher, the plugins folder as a source) on a
/// <see cref="FakeTimeProvider"/>, so plugin jobs fire by their own triggers as soon as the test moves the clock to
/// them. Runs are awaited on their "ended" log events, retirements on the plugin source going idle.
/// </summary>
internal sealed class PluginsInARunningHost : IAsyncDisposable
{
    public static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    private readonly IHost _host;
    private readonly string _root;

    private PluginsInARunningHost(IHost host, string root, FakeTimeProvider time, LogCollector logs)
    {
        _host = host;
        _root = root;
        Time = time;
        Logs = logs;
    }

    public FakeTimeProvider Time { get; }

    public LogCollector Logs { get; }

    public string PluginsFolder => Path.Combine(_root, "plugins");

    public PluginStatusBoard Registry => _host.Services.GetRequiredService<PluginStatusBoard>();

    public KairosOperations Operations => _host.Services.GetRequiredService<KairosOperations>();

    public JobCatalog Catalog => _host.Services.GetRequiredService<JobCatalog>();

    private PluginJobSource Source => _host.Services.GetRequiredService<PluginJobSource>();

    /// <summary>Builds the host over an empty plugins folder; <see cref="Deploy"/> plugins, then <see cref="StartAsync"/>.</summary>
    public static PluginsInARunningHost Create(IDictionary<string, string?>? settings = null)
    {
        var root = Path.Combine(Path.GetTempPath(), "kairos-plugin-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(root, "plugins"));
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 30, TimeSpan.Zero));
        var logs = new LogCollector();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(root, "kairos.db");
            o.PluginsPath = Path.Combine(root, "plugins");
            o.ScriptsPath = "";
            o.ControlApi = false;
            o.NodeId = "test-node";
            // The writer's gathering window runs on the fake clock, which only the test moves: records are written at once.
            o.RecordBatchWindow = TimeSpan.Zero;
        });
        builder.Services.Configure<PluginSourceOptions>(o =>
        {
            // The test scans by itself; a poll would only rescan what it already saw.
            o.PollInterval = TimeSpan.FromDays(1);
            o.UnloadCheckPause = TimeSpan.FromMilliseconds(50);
            o.UnloadCheckRounds = 20;
        });
        return new PluginsInARunningHost(builder.Build(), root, time, logs);
    }

    public Task StartAsync() => _host.StartAsync();

    /// <summary>Copies a built fixture or sample plugin into the plugins folder, as <paramref name="name"/> (default: the project's name).</summary>
    public string Deploy(string project, string? name = null) => PluginFixtures.Deploy(project, PluginsFolder, name);

    /// <summary>Deploys a new build of <paramref name="plugin"/>: its files plus a marker that changes its content hash.</summary>
    public void Rebuild(string plugin, int build)
    {
        PluginFixtures.Deploy(plugin, PluginsFolder);
        File.WriteAllText(Path.Combine(PluginsFolder, plugin, "build.txt"), $"build {build}");
    }

    public void ScanNow() => Source.ScanNow();

    /// <summary>
    /// Fires every trigger of <paramref name="jobIds"/> once on the handler version now in the catalog, triggers that
    /// runs add on the way included: moves the clock to the earliest next fire of a trigger that has not run on it yet,
    /// waits for that run to end, and again until none is left. Returns the runs, which must all have succeeded.
    /// </summary>
    public async Task<IReadOnlyList<RunRecord>> RunEveryTriggerAsync(IReadOnlyCollection<string> jobIds)
    {
        var triggers = _host.Services.GetRequiredService<ICatalogStore>();
        var runs = _host.Services.GetRequiredService<IRunHistory>();
        RunRecord? Ended(StoredTrigger trigger) =>
            Catalog.TryGetHandler(trigger.JobId, out var handler)
                ? runs.Query(trigger.JobId, null, 1000).FirstOrDefault(r =>
                    r.TriggerKey == trigger.Spec.Key && r.Version == handler.Version && r.Status.IsTerminal())
                : null;
        var ran = new List<RunRecord>();
        for (var fires = 0; fires < 100; fires++)
        {
            var waiting = jobIds.SelectMany(triggers.GetTriggers)
                .Where(t => t.NextFireUtc is not null && Ended(t) is null)
                .OrderBy(t => t.NextFireUtc)
                .FirstOrDefault();
            if (waiting is null)
            {
                return ran;
            }
            if (waiting.NextFireUtc!.Value > Time.GetUtcNow())
            {
                Time.Advance(waiting.NextFireUtc.Value - Time.GetUtcNow());
            }
            RunRecord? run;
            while (true)
            {
                // Counted before the store is read: a run that ends in between is then waited for no longer.
                var ends = RunEnds(waiting.JobId);
                if ((run = Ended(waiting)) is not null)
                {
                    break;
                }
                await Explained(RunEndAsync(waiting.JobId, ends + 1), $"trigger {waiting.JobId}/{waiting.Spec.Key} due {waiting.NextFireUtc:O} never ran");
            }
            Assert.True(run.Status == RunStatus.Succeeded,
                $"run of {run.JobId}/{run.TriggerKey} ended {run.Status}: {run.ErrorType} {run.ErrorMessage}\n{run.ErrorStack}");
            ran.Add(run);
        }
        throw new InvalidOperationException($"the triggers of {string.Join(", ", jobIds)} kept adding triggers: 100 fires and not done");
    }

    private int RunEnds(string jobId) => Logs.Events.Count(e => EndsRunOf(e, jobId));

    /// <summary>
    /// Completes when the <paramref name="count"/>th run of <paramref name="jobId"/> has ended (its outcome is in the
    /// store then). The predicate runs under the collector's lock, once per event, so it only counts.
    /// </summary>
    private Task<LogEvent> RunEndAsync(string jobId, int count)
    {
        var seen = 0;
        return Logs.WaitForAsync(e => EndsRunOf(e, jobId) && ++seen >= count, Limit);
    }

    private static bool EndsRunOf(LogEvent e, string jobId) => e.EventId == 501 && e.Message.Contains($" of {jobId} ended ", StringComparison.Ordinal);

    /// <summary>
    /// Waits until the retirements started so far are over (drain, unload, collection check). The collection check
    /// pauses on the fake clock between its rounds, so the clock moves by one pause at a time meanwhile.
    /// </summary>
    public Task WhenIdleAsync() => Explained(PumpUntilAsync(Source.WhenIdleAsync(), TimeSpan.FromMilliseconds(50)), "the plugin source never became idle");

    public async ValueTask DisposeAsync()
    {
        try
        {
            await PumpUntilAsync(_host.StopAsync(), TimeSpan.FromSeconds(1));
        }
        finally
        {
            _host.Dispose();
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Moves the fake clock by <paramref name="step"/> until <paramref name="task"/> completes (or the limit passes).</summary>
    private async Task PumpUntilAsync(Task task, TimeSpan step)
    {
        var limit = Task.Delay(Limit, TimeProvider.System);
        while (!task.IsCompleted && !limit.IsCompleted)
        {
            Time.Advance(step);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System));
        }
        await task.WaitAsync(TimeSpan.FromSeconds(1));
    }

    private async Task Explained(Task wait, string what)
    {
        try
        {
            await wait;
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what}; the log was:\n" + string.Join("\n", Logs.Events.Select(e => $"{e.EventId} {e.Category}: {e.Message}")));
        }
    }
}
