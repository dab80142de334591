using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Scheduling.Loop;

/// <summary>Behaviour across host restarts on the same store: downtime misfires, abandoned runs, recovery.</summary>
public sealed class RestartTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Restart_RunsOnceAndRecordsMisfires_WhenFireOnceAfterDowntime()
    {
        var time = new FakeTimeProvider(KairosTestHost.DefaultStart);
        await using (var first = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), time: time, directory: _dir))
        {
            first.Advance(TimeSpan.FromSeconds(30));
            await first.WaitForRunsAsync("test.every-minute", r => r.Any(x => x.Status == RunStatus.Succeeded));
        }

        // Down until 10:11:30. 10:02..10:10 are more than the 60 s threshold late: FireOnce runs the latest of them
        // (10:10) once; 10:11 is on time and runs (or is skipped by the overlap policy if 10:10 still runs).
        var later = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 11, 30, TimeSpan.Zero));
        await using var second = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), time: later, directory: _dir);

        var runs = await second.WaitForRunsAsync("test.every-minute", r => r.Count(x => x.Status is RunStatus.Succeeded or RunStatus.Skipped) == 3);
        var ran = runs.Where(r => r.Status is RunStatus.Succeeded or RunStatus.Skipped).Select(r => r.ScheduledUtc.Minute).Order();
        Assert.Equal([1, 10, 11], ran);
        Assert.Equal(8, runs.Count(r => r.Status == RunStatus.Misfired));
        Assert.All(runs.Where(r => r.Status == RunStatus.Misfired), r => Assert.Contains("FireOnce", r.ErrorMessage));
    }

    [Fact]
    public async Task Restart_SkipsEveryMissedFire_WhenMisfirePolicyIsSkip()
    {
        var time = new FakeTimeProvider(KairosTestHost.DefaultStart);
        await using (var first = await KairosTestHost.StartAsync(k => k.AddJob<SkipMisfireJob>(), time: time, directory: _dir))
        {
        }

        // Down until 10:05:45: 10:01..10:04 are late and skipped; 10:05 is on time and runs.
        var later = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 5, 45, TimeSpan.Zero));
        await using var second = await KairosTestHost.StartAsync(k => k.AddJob<SkipMisfireJob>(), time: later, directory: _dir);

        var runs = await second.WaitForRunsAsync("test.skip-misfire", r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.Equal([1, 2, 3, 4], runs.Where(r => r.Status == RunStatus.Misfired).Select(r => r.ScheduledUtc.Minute).Order());
        Assert.Equal(5, runs.Single(r => r.Status == RunStatus.Succeeded).ScheduledUtc.Minute);
    }

    [Fact]
    public async Task Restart_MarksAbandonedRunsInterrupted_AndRerunsThemWhenRecoveryIsRerun()
    {
        var time = new FakeTimeProvider(KairosTestHost.DefaultStart);
        var first = await KairosTestHost.StartAsync(k => k.AddJob<RecoverJob>(), time: time, directory: _dir);
        first.Probe.Gate = JobProbe.Held();
        first.Services.GetOperations().Trigger("test.recover");
        await first.Probe.NextStartAsync();
        await first.WaitForRunsAsync("test.recover", r => r.Any(x => x.Status == RunStatus.Running));
        // Simulate a killed process: the store keeps the run as running; nothing records its end.
        await first.AbandonAsync();

        await using var second = await KairosTestHost.StartAsync(k => k.AddJob<RecoverJob>(), time: time, directory: _dir);

        var rerun = await second.Probe.NextStartAsync();
        Assert.Equal(2, rerun.Attempt);
        var runs = await second.WaitForRunsAsync("test.recover", r => r.Any(x => x.Status == RunStatus.Succeeded));
        Assert.Contains(runs, r => r.Status == RunStatus.Interrupted && r.Attempt == 1);
        first.Probe.Gate.SetResult();
    }
}
