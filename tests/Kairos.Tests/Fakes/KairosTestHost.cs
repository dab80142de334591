using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Catalog;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Leases;
using Kairos.Host.Storage.Operator;
using Kairos.Host.Storage.Runs;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Fakes;

/// <summary>
/// A real Kairos host (real DI, real LiteDB file in a temp folder, or the <see cref="InMemoryStore"/> the test gives) on
/// a <see cref="FakeTimeProvider"/>, with the test's own app jobs. Waits are on the scheduler's iterations, never on the clock.
/// </summary>
public sealed class KairosTestHost : IAsyncDisposable
{
    public static readonly DateTimeOffset DefaultStart = new(2026, 1, 5, 10, 0, 30, TimeSpan.Zero);

    private readonly IHost _host;
    private readonly bool _ownsDirectory;
    private TaskCompletionSource _iteration = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KairosTestHost(IHost host, FakeTimeProvider time, JobProbe probe, TempDirectory directory, bool ownsDirectory)
    {
        _host = host;
        Time = time;
        Probe = probe;
        Directory = directory;
        _ownsDirectory = ownsDirectory;
        Services.GetRequiredService<SchedulerService>().Iterated += () => _iteration.TrySetResult();
    }

    public FakeTimeProvider Time { get; }

    public JobProbe Probe { get; }

    public TempDirectory Directory { get; }

    public IServiceProvider Services => _host.Services;

    internal IRunHistory Runs => Services.GetRequiredService<IRunHistory>();

    internal ICatalogStore Catalog => Services.GetRequiredService<ICatalogStore>();

    internal static async Task<KairosTestHost> StartAsync(
        Action<IKairosBuilder> jobs,
        Action<KairosOptions>? configure = null,
        FakeTimeProvider? time = null,
        TempDirectory? directory = null,
        JobProbe? probe = null,
        InMemoryStore? store = null,
        Action<IServiceCollection>? services = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ownsDirectory = directory is null;
        directory ??= new TempDirectory();
        time ??= new FakeTimeProvider(DefaultStart);
        probe ??= new JobProbe();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(probe);
        if (store is not null)
        {
            // Every role of the store, registered before AddKairos so that it takes the place of the selected store.
            foreach (var role in new[]
            {
                typeof(IClaimStore), typeof(IRunRecorder), typeof(ILeaseStore), typeof(IRunHistory), typeof(ICatalogStore),
                typeof(IAuditLog), typeof(IBackfillStore), typeof(IRunOnceLedger),
            })
            {
                builder.Services.AddSingleton(role, store);
            }
        }
        // Before AddKairos, so that what the test registers takes the place of Kairos's own (TryAdd) registrations.
        services?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var kairos = builder.Services.AddKairos(o =>
        {
            o.DatabasePath = directory.File("kairos.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
            o.NodeId = "test-node";
            o.MaxConcurrency = 8;
            // The writer's gathering window runs on the fake clock, which only the test moves: records are written at once.
            o.RecordBatchWindow = TimeSpan.Zero;
            configure?.Invoke(o);
        });
        jobs(kairos);
        var host = builder.Build();
        var testHost = new KairosTestHost(host, time, probe, directory, ownsDirectory);
        await host.StartAsync();
        return testHost;
    }

    /// <summary>Moves the fake clock and lets the scheduler react.</summary>
    public void Advance(TimeSpan by) => Time.Advance(by);

    /// <summary>Waits until the store's run records satisfy <paramref name="condition"/>, re-checking after every scheduler iteration.</summary>
    /// <remarks>With <paramref name="pump"/>, the fake clock also moves by that much between checks (for waits timed on it).</remarks>
    internal async Task<IReadOnlyList<RunRecord>> WaitForRunsAsync(string jobId, Func<IReadOnlyList<RunRecord>, bool> condition, int timeoutSeconds = 20, TimeSpan? pump = null)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var next = Volatile.Read(ref _iteration);
            var runs = Runs.Query(jobId, null, 10_000);
            if (condition(runs))
            {
                return runs;
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
            {
                throw new TimeoutException($"runs of {jobId} never matched; they are: {string.Join(", ", runs.Select(r => $"{r.ScheduledUtc:HH:mm:ss}/{r.TriggerKey}/{r.Status}#{r.Attempt}"))}");
            }
            if (pump is { } step)
            {
                Time.Advance(step);
            }
            try
            {
                await next.Task.WaitAsync(left < TimeSpan.FromMilliseconds(200) ? left : TimeSpan.FromMilliseconds(200));
            }
            catch (TimeoutException)
            {
                // Re-check: a run may have ended without a scheduler iteration after it.
            }
            Interlocked.CompareExchange(ref _iteration, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), next);
        }
    }

    public async Task StopAsync() => await _host.StopAsync();

    /// <summary>
    /// Advances the fake clock by <paramref name="step"/> until <paramref name="task"/> completes: shutdown and
    /// drain waits are timed on the fake clock, so something must move it while the test awaits them.
    /// </summary>
    public async Task PumpUntilAsync(Task task, TimeSpan step, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (!task.IsCompleted && DateTime.UtcNow < deadline)
        {
            Time.Advance(step);
            await Task.WhenAny(task, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }
        await task.WaitAsync(TimeSpan.FromSeconds(1));
    }

    /// <summary>
    /// Simulates a killed process: the store is closed without the scheduler recording the end of its runs.
    /// </summary>
    public Task AbandonAsync()
    {
        Services.GetRequiredService<Kairos.Host.Storage.LiteDb.LiteDbStore>().Dispose();
        _host.Dispose();
        return Task.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            Probe.Gate.TrySetResult();
            await PumpUntilAsync(_host.StopAsync(), TimeSpan.FromSeconds(1));
        }
        finally
        {
            _host.Dispose();
            if (_ownsDirectory)
            {
                Directory.Dispose();
            }
        }
    }
}
