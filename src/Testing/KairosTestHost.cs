using System.Diagnostics.CodeAnalysis;
using Kairos.Host.Catalog;
using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Scheduling.Loop;
using Kairos.Host.Storage.Claims;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Testing;

/// <summary>
/// The real Kairos scheduler for a test: <c>AddKairos</c> with its real plugin loader (each plugin in its own isolated,
/// collectible load context), script compiler, dispatcher and a LiteDB store in a temporary file, on a
/// <see cref="FakeTimeProvider"/> that only the test moves. <see cref="AdvanceAsync"/> moves the clock and waits on the
/// scheduler's own signal until it has acted; <see cref="WaitForRunsAsync"/> waits for runs to end. Disposing it stops
/// the host and deletes its files.
/// </summary>
/// <example>
/// <code>
/// var options = new KairosTestHostOptions();
/// options.Plugins.Add(pluginBuildFolder);
/// await using var host = await KairosTestHost.StartAsync(options);
/// await host.AdvanceAsync(TimeSpan.FromMinutes(1));
/// var runs = await host.WaitForRunsAsync("billing.invoice", r =&gt; r.Count == 1 &amp;&amp; r[0].Status == RunStatus.Succeeded);
/// </code>
/// </example>
public sealed class KairosTestHost : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly string _root;
    private readonly KairosTestHostOptions _options;
    private readonly SchedulerSignal _signal;
    private readonly RunEndSignal _runEnds;
    private TaskCompletionSource _iterated = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private KairosTestHost(IHost host, string root, FakeTimeProvider clock, KairosTestHostOptions options)
    {
        _host = host;
        _root = root;
        _options = options;
        Clock = clock;
        _signal = Services.GetRequiredService<SchedulerSignal>();
        _runEnds = Services.GetRequiredService<RunEndSignal>();
        Services.GetRequiredService<SchedulerService>().Iterated += () =>
            Interlocked.Exchange(ref _iterated, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
    }

    /// <summary>The host's clock. Prefer <see cref="AdvanceAsync"/> to moving it directly: it lets the scheduler act at each step.</summary>
    public FakeTimeProvider Clock { get; }

    /// <summary>The scheduler API, as an embedding app gets it: trigger jobs, change triggers, pause, read jobs and runs.</summary>
    public IScheduler Scheduler => Services.GetRequiredService<IScheduler>();

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _host.Services;

    /// <summary>The temporary folder of the host: its store file and its copy of <see cref="KairosTestHostOptions.Plugins"/>.</summary>
    public string Folder => _root;

    /// <summary>Starts a host; its plugins and scripts are loaded when this returns.</summary>
    /// <param name="options">What it runs; <see langword="null"/> for an empty host (add jobs through <see cref="Scheduler"/>).</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>The started host; dispose it.</returns>
    /// <exception cref="DirectoryNotFoundException">A folder of <see cref="KairosTestHostOptions.Plugins"/> does not exist.</exception>
    [SuppressMessage("Reliability", "CA2000", Justification = "The host is owned by the returned KairosTestHost, or disposed when the start fails.")]
    public static async Task<KairosTestHost> StartAsync(KairosTestHostOptions? options = null, CancellationToken cancellationToken = default)
    {
        options ??= new KairosTestHostOptions();
        // Created with owner-only access: the host refuses plugins from a folder other users can write to.
        var root = Directory.CreateTempSubdirectory("kairos-test-host-").FullName;
        try
        {
            var pluginsPath = options.PluginsPath ?? "";
            if (options.Plugins.Count > 0)
            {
                if (options.PluginsPath is not null)
                {
                    throw new ArgumentException(
                        $"both Plugins ({options.Plugins.Count}) and PluginsPath '{options.PluginsPath}' are set: expected one of them", nameof(options));
                }
                pluginsPath = Path.Combine(root, "plugins");
                foreach (var plugin in options.Plugins)
                {
                    PluginCopy.Into(plugin, pluginsPath);
                }
            }
            var clock = new FakeTimeProvider(options.Start);
            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = root });
            builder.Configuration.AddInMemoryCollection(options.Settings);
            builder.Services.AddSingleton<TimeProvider>(clock);
            // Stopping waits are timed on the fake clock; DisposeAsync moves it meanwhile.
            builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(30));
            var kairos = builder.Services.AddKairos(o =>
            {
                o.DatabasePath = Path.Combine(root, "kairos.db");
                o.PluginsPath = pluginsPath;
                o.ScriptsPath = options.ScriptsPath ?? "";
                o.ControlApi = false;
                o.NodeId = "test-host";
                // The writer's gathering window runs on the fake clock, which only the test moves: records are written at once.
                o.RecordBatchWindow = TimeSpan.Zero;
                options.Configure?.Invoke(o);
            });
            options.Jobs?.Invoke(kairos);
            var host = builder.Build();
            var testHost = new KairosTestHost(host, root, clock, options);
            try
            {
                await host.StartAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                host.Dispose();
                throw;
            }
            return testHost;
        }
        catch
        {
            TryDelete(root);
            throw;
        }
    }

    /// <summary>
    /// Moves the clock forward by <paramref name="by"/> and lets the scheduler act at each step: after every step it wakes
    /// the scheduler and waits for an iteration that began after the clock moved, so every fire due by then has been
    /// claimed and started. While runs execute, the clock moves by at most <see cref="KairosTestHostOptions.Step"/> at a
    /// time (their timers, timeouts and retry backoffs fire in turn); while none does, it jumps to the next due fire. The
    /// instants a run's record shows are therefore exact to one step, with one exception: a job awaiting a timer of this
    /// clock (<c>Task.Delay(…, context.TimeProvider)</c>) resumes on the thread pool, and on a busy machine the clock
    /// may take a step or two more before it does, so the end of such a run may be recorded a few seconds late.
    /// </summary>
    /// <param name="by">How far to move the clock.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the clock has reached its target and the scheduler has acted.</returns>
    /// <exception cref="TimeoutException">
    /// The scheduler did not iterate, or the outcome of a run whose code returned was not written, within
    /// <see cref="KairosTestHostOptions.WaitTimeout"/>.
    /// </exception>
    public async Task AdvanceAsync(TimeSpan by, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(by, TimeSpan.Zero);
        var target = Clock.GetUtcNow() + by;
        await SchedulerActedAsync(cancellationToken).ConfigureAwait(false);
        while (Clock.GetUtcNow() < target)
        {
            var now = Clock.GetUtcNow();
            var next = now + _options.Step;
            if (IsIdle() && NextDue() is var due && (due is null || due > next))
            {
                next = due ?? target;
            }
            Clock.Advance((next < target ? next : target) - now);
            await SchedulerActedAsync(cancellationToken).ConfigureAwait(false);
            await EndingRunsRecordedAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Waits until the runs whose code returned, or whose token was cancelled (a timeout that fired at this step), have
    /// their outcome recorded, so it is recorded at this instant rather than the next step's. A run whose code returned
    /// is waited for until its outcome is written (however busy the machine: a bound of real time here let a loaded
    /// machine record it a few steps late); a job that ignores its cancellation only briefly, as its grace runs on this
    /// clock.
    /// </summary>
    private async Task EndingRunsRecordedAsync(CancellationToken cancellationToken)
    {
        var executing = Services.GetRequiredService<ExecutingRuns>().All.ToList();
        var returned = executing.Where(e => e.Returned).Select(e => e.Recorded.Task).ToList();
        if (returned.Count > 0)
        {
            await Task.WhenAll(returned).WaitAsync(_options.WaitTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
        }
        var cancelled = executing.Where(e => !e.Returned && e.Cancellation.IsCancellationRequested).Select(e => e.Recorded.Task).ToList();
        if (cancelled.Count > 0)
        {
            await Task.WhenAny(Task.WhenAll(cancelled), Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, cancellationToken)).ConfigureAwait(false);
        }
    }

    /// <summary>The runs of a job, newest first (the last 1,000).</summary>
    /// <param name="jobId">The job.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs with their status, attempt, error and log.</returns>
    public async Task<IReadOnlyList<RunInfo>> GetRunsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var page = await Scheduler.GetRunsAsync(new RunQuery { JobId = jobId, Limit = 1000 }, cancellationToken).ConfigureAwait(false);
        return page.Runs;
    }

    /// <summary>
    /// Waits until the runs of <paramref name="jobId"/> (newest first) satisfy <paramref name="condition"/>, reading them
    /// again each time the scheduler iterates or an outcome is written. The clock does not move meanwhile.
    /// </summary>
    /// <param name="jobId">The job.</param>
    /// <param name="condition">What the runs must satisfy, for example <c>r =&gt; r.Count == 2 &amp;&amp; r.All(x =&gt; x.Status == RunStatus.Succeeded)</c>.</param>
    /// <param name="timeout">How long (real time) to wait. Default: <see cref="KairosTestHostOptions.WaitTimeout"/>.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The runs that satisfied the condition.</returns>
    /// <exception cref="TimeoutException">They did not in time; the message lists the runs as they were.</exception>
    public async Task<IReadOnlyList<RunInfo>> WaitForRunsAsync(
        string jobId, Func<IReadOnlyList<RunInfo>, bool> condition, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(condition);
        var limit = Task.Delay(timeout ?? _options.WaitTimeout, TimeProvider.System, cancellationToken);
        while (true)
        {
            var iterated = Volatile.Read(ref _iterated).Task;
            var ended = _runEnds.Next();
            var runs = await GetRunsAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (condition(runs))
            {
                return runs;
            }
            if (limit.IsCompleted)
            {
                cancellationToken.ThrowIfCancellationRequested();
                throw new TimeoutException(
                    $"the runs of '{jobId}' did not satisfy the condition within {timeout ?? _options.WaitTimeout}; they are: " +
                    (runs.Count == 0 ? "none" : string.Join(", ", runs.Select(r => $"{r.TriggerKey}#{r.Attempt} {r.Status}"))));
            }
            // An outcome may be written without a signal this wait saw (between the read and the waits): re-read soon anyway.
            await Task.WhenAny(iterated, ended, limit, Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, CancellationToken.None)).ConfigureAwait(false);
        }
    }

    /// <summary>Stops the host (moving the clock while its stop waits on it) and deletes its temporary folder.</summary>
    /// <returns>A task that completes when the host has stopped and its files are deleted.</returns>
    public async ValueTask DisposeAsync()
    {
        try
        {
            var stopping = _host.StopAsync();
            var limit = Task.Delay(_options.WaitTimeout, TimeProvider.System);
            while (!stopping.IsCompleted && !limit.IsCompleted)
            {
                Clock.Advance(TimeSpan.FromSeconds(1));
                await Task.WhenAny(stopping, Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System)).ConfigureAwait(false);
            }
            await stopping.ConfigureAwait(false);
        }
        finally
        {
            _host.Dispose();
            TryDelete(_root);
        }
    }

    /// <summary>Wakes the scheduler twice and waits for each iteration: the second began after this call.</summary>
    private async Task SchedulerActedAsync(CancellationToken cancellationToken)
    {
        for (var i = 0; i < 2; i++)
        {
            var iterated = Volatile.Read(ref _iterated).Task;
            _signal.Wake();
            try
            {
                await iterated.WaitAsync(_options.WaitTimeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
            catch (TimeoutException)
            {
                throw new TimeoutException($"the scheduler did not iterate within {_options.WaitTimeout} of being woken at {Clock.GetUtcNow():O}");
            }
        }
    }

    private bool IsIdle() => Services.GetRequiredService<ExecutingRuns>().Busy == 0;

    /// <summary>The earliest instant a fire or a queued run is due, or null when none is.</summary>
    private DateTimeOffset? NextDue()
    {
        var now = Clock.GetUtcNow();
        var trigger = Services.GetRequiredService<IClaimStore>().GetEarliestDue(Services.GetRequiredService<JobCatalog>().Current.RunnableJobIds);
        var queued = Services.GetRequiredService<RunFeed>().NextInstantAfter(now);
        return (trigger, queued) switch
        {
            (null, _) => queued,
            (_, null) => trigger,
            _ => trigger < queued ? trigger : queued,
        };
    }

    private static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held (a plugin's shadow copy being unloaded): the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
