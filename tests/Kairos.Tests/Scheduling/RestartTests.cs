using Kairos.Host.Storage;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Scheduling;

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

        time.Advance(TimeSpan.FromMinutes(10)); // down from 10:01 to 10:11
        await using var second = await KairosTestHost.StartAsync(k => k.AddJob<EveryMinuteJob>(), time: time, directory: _dir);

        // Now 10:11:00. 10:02..10:09 are more than the 60 s threshold late: FireOnce runs the latest of them (10:09)
        // once; 10:10 and 10:11 are on time and run (or are skipped by the overlap policy if one is still running).
        var context = await second.Probe.NextStartAsync();
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 9, 0, TimeSpan.Zero), context.ScheduledFireTimeUtc);
        var runs = await second.WaitForRunsAsync("test.every-minute", r => r.Count(x => x.Status is RunStatus.Succeeded or RunStatus.Skipped) == 4);
        Assert.Equal(7, runs.Count(r => r.Status == RunStatus.Misfired));
        Assert.All(runs.Where(r => r.Status == RunStatus.Misfired), r => Assert.Contains("FireOnce", r.ErrorMessage));
    }

    [Fact]
    public async Task Restart_SkipsEveryMissedFire_WhenMisfirePolicyIsSkip()
    {
        var time = new FakeTimeProvider(KairosTestHost.DefaultStart);
        await using (var first = await KairosTestHost.StartAsync(k => k.AddJob<SkipMisfireJob>(), time: time, directory: _dir))
        {
        }

        time.Advance(TimeSpan.FromMinutes(5).Add(TimeSpan.FromSeconds(15)));
        await using var second = await KairosTestHost.StartAsync(k => k.AddJob<SkipMisfireJob>(), time: time, directory: _dir);

        var runs = await second.WaitForRunsAsync("test.skip-misfire", r => r.Count(x => x.Status == RunStatus.Misfired) == 4);
        Assert.DoesNotContain(runs, r => r.Status is RunStatus.Running or RunStatus.Succeeded && r.ScheduledUtc < time.GetUtcNow().AddMinutes(-1));
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
