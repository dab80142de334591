using System.Collections.Concurrent;
using System.Reflection;
using Kairos.Host.Hosting;
using Kairos.Host.Operations;
using Kairos.Host.Storage.Claims;
using Kairos.Host.Storage.History;
using Kairos.Host.Storage.Postgres;
using Kairos.Host.Watchdog;
using Kairos.IntegrationTests.Scripts.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// A real stall: a host (real clock, LiteDB) whose store call to claim due fires blocks on a gate. The watchdog names the
/// stuck part and step, tells listeners and <c>info</c>, reports the recovery when the gate opens, and nothing fires twice.
/// </summary>
public sealed class WatchdogStallTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-watchdog-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task AClaimBlockedInTheStore_IsReportedStalled_ThenRecovered_AndNoFireRunsTwice()
    {
        var gate = new ManualResetEventSlim(initialState: true);
        var logs = new LogCollector();
        var listener = new StallListener();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = _root });
        builder.Logging.SetMinimumLevel(LogLevel.Debug).AddProvider(logs);
        builder.Services.AddSingleton<IClaimStore>(sp => GatedClaims.Wrap(sp.SelectedStore<IClaimStore>(), gate));
        builder.Services.AddSingleton<ISchedulerListener>(listener);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = Path.Combine(_root, "kairos.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
        }).AddJob<TickJob>();
        builder.Services.Configure<WatchdogOptions>(o => o.StallThreshold = TimeSpan.FromSeconds(1));
        using var host = builder.Build();
        await host.StartAsync();
        var runs = host.Services.GetRequiredService<IRunHistory>();
        await logs.WaitForAsync(e => e.EventId == 501 && e.Message.Contains("of watchdog.tick ended succeeded", StringComparison.Ordinal), Limit);

        gate.Reset();
        var stalled = await logs.WaitForAsync(e => e.EventId == 1070, Limit);
        Assert.Contains("the scheduler-loop has not advanced", stalled.Message, StringComparison.Ordinal);
        Assert.Contains("stuck in 'claiming due fires'", stalled.Message, StringComparison.Ordinal);
        var problem = Assert.Single(host.Services.GetRequiredService<KairosScheduler>().Problems(), p => p.Source == "watchdog");
        Assert.StartsWith("the scheduler-loop is stalled: stuck in 'claiming due fires' since ", problem.Message, StringComparison.Ordinal);

        static bool Ticked(LogEvent e) => e.EventId == 501 && e.Message.Contains("of watchdog.tick ended", StringComparison.Ordinal);
        var ticksBefore = logs.Events.Count(Ticked);
        gate.Set();
        var recovered = await logs.WaitForAsync(e => e.EventId == 1071, Limit);
        Assert.Contains("the scheduler-loop advanced again", recovered.Message, StringComparison.Ordinal);
        await logs.WaitForAsync(e => Ticked(e) && logs.Events.Count(Ticked) > ticksBefore, Limit);
        await host.StopAsync();

        var events = listener.Events.ToList();
        Assert.Equal([(false, "claiming due fires"), (true, "claiming due fires")], events.Take(2).Select(e => (e.Recovered, e.Step)));
        Assert.All(events, e => Assert.Equal("scheduler-loop", e.Part));
        var fires = runs.Query("watchdog.tick", null, 1000);
        Assert.Equal(fires.Count, fires.Select(r => (r.TriggerKey, r.ScheduledUtc)).Distinct().Count());
    }

    [Job("watchdog.tick")]
    [IntervalTrigger(1)]
    private sealed class TickJob : IJob
    {
        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    private sealed class StallListener : ISchedulerListener
    {
        public ConcurrentQueue<SchedulerStalledEvent> Events { get; } = new();

        public ValueTask OnSchedulerStalledAsync(SchedulerStalledEvent e, CancellationToken cancellationToken)
        {
            Events.Enqueue(e);
            return default;
        }
    }

    /// <summary>The store's claim role, with <see cref="IClaimStore.ClaimDueFires"/> held while the gate is closed.</summary>
    public class GatedClaims : DispatchProxy
    {
        private object _inner = default!;
        private ManualResetEventSlim _gate = default!;

        internal static IClaimStore Wrap(IClaimStore inner, ManualResetEventSlim gate)
        {
            var proxy = Create<IClaimStore, GatedClaims>();
            var gated = (GatedClaims)(object)proxy;
            gated._inner = inner;
            gated._gate = gate;
            return proxy;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            if (targetMethod!.Name == nameof(IClaimStore.ClaimDueFires))
            {
                _gate.Wait();
            }
            try
            {
                return targetMethod.Invoke(_inner, args);
            }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                throw e.InnerException;
            }
        }
    }
}
