using System.Diagnostics.Metrics;
using Kairos.Host.Hosting;
using Kairos.Host.Telemetry;
using Kairos.Tests.Fakes;
using Kairos.TestSupport.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Kairos.Tests.Telemetry;

/// <summary>What the <c>Kairos</c> meter measures for each kind of run: names, units, attributes and values.</summary>
public sealed class KairosMetricsTests : IDisposable
{
    private readonly TestMeterFactory _meters = new();
    private readonly MetricRecorder _metrics;

    public KairosMetricsTests()
    {
        _metrics = new MetricRecorder(_meters);
    }

    [Fact]
    public async Task SucceededRun_IsCountedByJobAndStatus_WithItsDurationAndStartLateness()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(35)); // the 10:01 fire starts 5 s late
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromSeconds(2));
        host.Probe.Gate.SetResult();

        var ended = Assert.Single(await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count > 0));
        Assert.Equal(("{run}", 1.0, "test.every-minute", "succeeded"), (ended.Unit, ended.Value, ended["kairos.job.id"], ended["kairos.run.status"]));
        Assert.Equal(2, ended.Tags.Count);
        var duration = Assert.Single(_metrics.Of("kairos.run.duration"));
        Assert.Equal(("s", 2.0, "test.every-minute", "succeeded"), (duration.Unit, duration.Value, duration["kairos.job.id"], duration["kairos.run.status"]));
        var lateness = Assert.Single(_metrics.Of("kairos.run.start.lateness"));
        Assert.Equal(("s", 5.0, "test.every-minute"), (lateness.Unit, lateness.Value, lateness["kairos.job.id"]));
        Assert.Single(lateness.Tags);
        Assert.Empty(_metrics.Of("kairos.runs.retried"));
    }

    [Fact]
    public async Task FailedRun_IsCountedRetryingThenFailed_AndEachRetryCounted()
    {
        await using var host = await StartAsync(k => k.AddJob<RetryJob>());
        host.Probe.Fail = c => new InvalidOperationException($"boom {c.Attempt}");

        host.Services.GetOperations().Trigger("test.retry");
        await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count == 1);
        host.Advance(TimeSpan.FromSeconds(13));
        await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count == 2);
        host.Advance(TimeSpan.FromSeconds(25));
        var ended = await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count == 3);

        Assert.Equal(["retrying", "retrying", "failed"], ended.Select(m => m["kairos.run.status"]));
        Assert.All(ended, m => Assert.Equal("test.retry", m["kairos.job.id"]));
        var retried = _metrics.Of("kairos.runs.retried");
        Assert.Equal(2, retried.Sum(m => m.Value));
        Assert.All(retried, m => Assert.Equal(("{run}", "test.retry"), (m.Unit, m["kairos.job.id"])));
        // A retry is late by nothing but the loop: it is due at the end of its backoff, not at the fire's instant.
        Assert.Equal(3, _metrics.Of("kairos.run.start.lateness").Count);
        Assert.All(_metrics.Of("kairos.run.start.lateness"), m => Assert.InRange(m.Value, 0, 12.9)); // from the fire: 0, 13 and 38 s
    }

    [Fact]
    public async Task MisfiredFires_AreCountedByJob()
    {
        await using var host = await StartAsync(k => k.AddJob<SkipMisfireJob>());

        // 10:01, 10:02 and 10:03 are found more than the 60 s threshold late; 10:04 is on time and runs.
        host.Advance(TimeSpan.FromMinutes(4));

        var misfired = await _metrics.WaitForAsync("kairos.fires.misfired", m => m.Sum(x => x.Value) >= 3);
        Assert.Equal(3, misfired.Sum(m => m.Value));
        Assert.All(misfired, m => Assert.Equal(("{fire}", "test.skip-misfire"), (m.Unit, m["kairos.job.id"])));
        await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count == 1);
        Assert.Empty(_metrics.Of("kairos.fires.skipped"));
    }

    [Fact]
    public async Task SkippedFire_IsCountedByJob()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        host.Probe.Gate = JobProbe.Held();

        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();
        host.Advance(TimeSpan.FromMinutes(1));

        var skipped = Assert.Single(await _metrics.WaitForAsync("kairos.fires.skipped", m => m.Count > 0));
        Assert.Equal(("{fire}", 1.0, "test.every-minute"), (skipped.Unit, skipped.Value, skipped["kairos.job.id"]));
        Assert.Empty(_metrics.Of("kairos.fires.misfired"));
        host.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task Gauges_ShowTheRunsRunningAndTheFreeSlots()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());
        host.Probe.Gate = JobProbe.Held();
        host.Advance(TimeSpan.FromSeconds(30));
        await host.Probe.NextStartAsync();

        _metrics.Observe();

        Assert.Equal(("{run}", 1.0), Last("kairos.runs.running"));
        Assert.Equal(("{slot}", 7.0), Last("kairos.slots.free")); // MaxConcurrency 8
        Assert.Equal(("{run}", 0.0), Last("kairos.runs.ready"));
        host.Probe.Gate.SetResult();
    }

    [Fact]
    public async Task RunWrites_AreMeasuredAsStoreBatches()
    {
        await using var host = await StartAsync(k => k.AddJob<EveryMinuteJob>());

        host.Advance(TimeSpan.FromSeconds(30));
        await _metrics.WaitForAsync("kairos.runs.ended", m => m.Count > 0);

        var sizes = await _metrics.WaitForAsync("kairos.store.write.batch.size", m => m.Count > 0);
        Assert.All(sizes, m => Assert.Equal("{record}", m.Unit));
        Assert.Contains(sizes, m => m.Value >= 1);
        var durations = _metrics.Of("kairos.store.write.duration");
        Assert.Equal(sizes.Count, durations.Count);
        Assert.All(durations, m => Assert.Equal("s", m.Unit));
        Assert.All(durations, m => Assert.InRange(m.Value, 0, 60));
    }

    [Fact]
    public async Task ScriptLoadsAndFailures_AreCountedBySourceKind()
    {
        using var scripts = new TempDirectory();
        await File.WriteAllTextAsync(scripts.File("good.csx"), "// kairos: id = test.good\n// kairos: cron = 0 0 1 1 *\nreturn;\n");
        await File.WriteAllTextAsync(scripts.File("broken.csx"), "// kairos: id = test.broken\n// kairos: cron = * * * * *\nthis is not C#;\n");
        await using var host = await StartAsync(k => { }, o => o.ScriptsPath = scripts.Path);

        var loads = Assert.Single(await _metrics.WaitForAsync("kairos.source.loads", m => m.Count > 0, timeoutSeconds: 60));
        var failures = Assert.Single(await _metrics.WaitForAsync("kairos.source.load.failures", m => m.Count > 0, timeoutSeconds: 60));
        Assert.Equal(("{version}", 1.0, "script"), (loads.Unit, loads.Value, loads["kairos.source.kind"]));
        Assert.Equal(("{failure}", 1.0, "script"), (failures.Unit, failures.Value, failures["kairos.source.kind"]));
        Assert.Empty(_metrics.Of("kairos.source.reloads"));
    }

    [Fact]
    public void VersionLeaked_IsCountedBySourceKind()
    {
        var metrics = new KairosMetrics(_meters);

        metrics.VersionLeaked("plugin");

        var leaked = Assert.Single(_metrics.Of("kairos.source.versions.leaked"));
        Assert.Equal(("{version}", 1.0, "plugin"), (leaked.Unit, leaked.Value, leaked["kairos.source.kind"]));
    }

    [Fact]
    public void Instruments_AreOnTheKairosMeter()
    {
        var metrics = new KairosMetrics(_meters);

        Assert.Equal(KairosTelemetry.MeterName, metrics.Meter.Name);
        Assert.Equal("Kairos", KairosTelemetry.MeterName);
        Assert.Equal(typeof(Histogram<double>), _metrics.Instrument("kairos.run.duration").GetType());
        Assert.Equal(typeof(Counter<long>), _metrics.Instrument("kairos.runs.ended").GetType());
    }

    public void Dispose()
    {
        _metrics.Dispose();
        _meters.Dispose();
    }

    private (string? Unit, double Value) Last(string name)
    {
        var last = _metrics.Of(name)[^1];
        return (last.Unit, last.Value);
    }

    private Task<KairosTestHost> StartAsync(Action<IKairosBuilder> jobs, Action<KairosOptions>? configure = null) =>
        KairosTestHost.StartAsync(jobs, configure, store: new InMemoryStore(), services: s => s.AddSingleton<IMeterFactory>(_meters));
}
