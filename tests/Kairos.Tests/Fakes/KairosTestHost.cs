using Kairos.Host.Hosting;
using Kairos.Host.Scheduling;
using Kairos.Host.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Fakes;

/// <summary>
/// A real Kairos host (real DI, real LiteDB file in a temp folder) on a <see cref="FakeTimeProvider"/>, with the
/// test's own app jobs. Waits are on the scheduler's iterations, never on the clock.
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

    internal IRunStore Runs => Services.GetRequiredService<IRunStore>();

    internal IJobStore Jobs => Services.GetRequiredService<IJobStore>();

    internal ITriggerStore Triggers => Services.GetRequiredService<ITriggerStore>();

    public static async Task<KairosTestHost> StartAsync(
        Action<IKairosBuilder> jobs,
        Action<KairosOptions>? configure = null,
        FakeTimeProvider? time = null,
        TempDirectory? directory = null,
        JobProbe? probe = null)
    {
        var ownsDirectory = directory is null;
        directory ??= new TempDirectory();
        time ??= new FakeTimeProvider(DefaultStart);
        probe ??= new JobProbe();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddSingleton(probe);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
        var kairos = builder.Services.AddKairos(o =>
        {
            o.DatabasePath = directory.File("kairos.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
            o.NodeId = "test-node";
            o.MaxConcurrency = 8;
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
    internal async Task<IReadOnlyList<RunRecord>> WaitForRunsAsync(string jobId, Func<IReadOnlyList<RunRecord>, bool> condition, int timeoutSeconds = 20)
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
            await _host.StopAsync();
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
