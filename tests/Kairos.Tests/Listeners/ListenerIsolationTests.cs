using Kairos.Host.Execution.Running;
using Kairos.Host.Hosting;
using Kairos.Host.Listeners;
using Kairos.TestSupport.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Listeners;

/// <summary>A listener that throws, one that never returns and a slow one, while 1,000 runs go on.</summary>
public sealed class ListenerIsolationTests
{
    private const int Runs = 1_000;

    [Fact]
    public async Task ThrowingHangingAndSlowListeners_NeitherDelayNorLoseARun_AndTheOthersGetEveryEvent()
    {
        var recording = new RecordingListener();
        var store = new InMemoryStore();
        await using var host = await KairosTestHost.StartAsync(k => k
            .AddJob<ListenedJob>()
            .AddListener<ThrowingListener>()
            .AddListener<HangingListener>()
            .AddListener<SlowListener>()
            .Services.AddSingleton<ISchedulerListener>(recording), store: store);
        var due = host.Time.GetUtcNow().AddSeconds(30);
        var triggers = host.Services.GetRequiredService<IJobTriggersFactory>().For(ListenedJob.Id);
        await triggers.UpsertManyAsync([.. Enumerable.Range(0, Runs).Select(i => TriggerSpec.Once("once-" + i, due))], CancellationToken.None);

        host.Advance(TimeSpan.FromSeconds(30));

        var runs = await host.WaitForRunsAsync(ListenedJob.Id, r => r.Count(x => x.Status == RunStatus.Succeeded) == Runs, timeoutSeconds: 60);
        // The clock stayed at the instant: every run started on time, whatever the listeners did.
        Assert.All(runs, r => Assert.Equal(due, r.StartedUtc));
        var events = await recording.WaitForAsync(e => e.OfType<RunEndedEvent>().Count() == Runs, timeoutSeconds: 60);
        Assert.Equal(Runs, events.OfType<RunStartedEvent>().Select(e => e.RunId).Distinct().Count());
        Assert.Equal(runs.Select(r => r.Id).Order(), events.OfType<RunEndedEvent>().Select(e => e.RunId).Order());
        var stats = host.Services.GetRequiredService<ListenerHub>().Stats();
        Assert.Equal(2 * Runs, stats.Single(s => s.Listener == typeof(ThrowingListener).FullName).Failed);
        Assert.Equal(0, stats.Single(s => s.Listener == typeof(HangingListener).FullName).Delivered);
    }

    [Job(Id, Overlap = OverlapPolicy.Allow, MaxConcurrency = 8)]
    public sealed class ListenedJob : IJob
    {
        public const string Id = "test.listened";

        public Task ExecuteAsync(JobContext context, CancellationToken cancellationToken) => Task.CompletedTask;
    }

    public sealed class ThrowingListener : ISchedulerListener
    {
        public ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) => throw new InvalidOperationException("listener bug");

        public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) => throw new InvalidOperationException("listener bug");
    }

    /// <summary>Never returns, and ignores its token.</summary>
    public sealed class HangingListener : ISchedulerListener
    {
        private readonly TaskCompletionSource _never = new();

        public ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) => new(_never.Task);

        public ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) => new(_never.Task);
    }

    /// <summary>Takes a millisecond of real time per event: 2,000 events take seconds, far longer than the runs.</summary>
    public sealed class SlowListener : ISchedulerListener
    {
        public async ValueTask OnRunStartedAsync(RunStartedEvent e, CancellationToken cancellationToken) =>
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);

        public async ValueTask OnRunEndedAsync(RunEndedEvent e, CancellationToken cancellationToken) =>
            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System, CancellationToken.None);
    }
}
