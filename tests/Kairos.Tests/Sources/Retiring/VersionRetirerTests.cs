using Kairos.Host.Catalog;
using Kairos.Host.Hosting;
using Kairos.Host.Sources;
using Kairos.Host.Sources.Retiring;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Retiring;

public sealed class VersionRetirerTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Retire_UnloadsTheVersionAndReportsItCollected_WhenNoRunIsInFlight()
    {
        var steps = new RecordingRetirement<Version>(v => [v.Handler]);
        using var retirer = Create(steps);
        var version = new Version(Handler());

        retirer.Retire(version);
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal(["started v", "unload v", "retired v:True"], steps.Calls);
    }

    [Fact]
    public async Task Retire_WaitsForTheRunInFlight_BeforeUnloading()
    {
        var steps = new RecordingRetirement<Version>(v => [v.Handler]);
        using var retirer = Create(steps);
        var handler = Handler();
        var run = handler.Enter(CancellationToken.None);

        retirer.Retire(new Version(handler));
        var idle = retirer.WhenIdleAsync();
        Assert.False(idle.IsCompleted);
        Assert.DoesNotContain("unload v", steps.Calls);
        run.Dispose();
        await idle.WaitAsync(Limit);

        Assert.Equal(["started v", "unload v", "retired v:True"], steps.Calls);
    }

    [Fact]
    public async Task Retire_CancelsTheRunsInFlight_WhenTheWaitIsCutShort()
    {
        var steps = new RecordingRetirement<Version>(v => [v.Handler]);
        using var retirer = Create(steps);
        var handler = Handler();
        var run = handler.Enter(CancellationToken.None);
        run.Token.Register(run.Dispose);

        retirer.Retire(new Version(handler));
        retirer.StopWaiting();
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.True(run.Token.IsCancellationRequested);
        Assert.Equal(["started v", "drain-timed-out v", "unload v", "retired v:True"], steps.Calls);
    }

    [Fact]
    public async Task Discard_UnloadsAtOnce_AndReportsTheCheckWhenAsked()
    {
        var steps = new RecordingRetirement<Version>(v => [v.Handler]);
        using var retirer = Create(steps);

        retirer.Discard(new Version(Handler()), verify: false);
        retirer.Discard(new Version(Handler()), verify: true);
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal(["unload v", "discarded v:", "unload v", "discarded v:True"], steps.Calls);
    }

    [Fact]
    public async Task Verify_TellsOfTheLeak_WhenTheContextIsStillAliveAfterTheChecks()
    {
        var steps = new RecordingRetirement<Version>(v => [v.Handler]);
        var leaks = 0;
        using var retirer = new VersionRetirer<Version>(
            steps, Options.Create(new KairosOptions()), new TestSourceOptions(), new FakeTimeProvider(), () => Interlocked.Increment(ref leaks));
        var alive = new object();
        bool? collected = null;

        retirer.Verify(new WeakReference(alive), c => collected = c);
        retirer.StopWaiting(); // the pauses between checks end now: the context is checked once more
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.False(collected);
        Assert.Equal(1, leaks);
        GC.KeepAlive(alive);
    }

    private static VersionRetirer<Version> Create(RecordingRetirement<Version> steps) =>
        new(steps, Options.Create(new KairosOptions()), new TestSourceOptions(), new FakeTimeProvider());

    private static TypeJobHandler Handler()
    {
        JobDeclarationReader.TryRead(typeof(EveryMinuteJob), out var definition, out _);
        return new TypeJobHandler(definition!, "test:source", "1", typeof(EveryMinuteJob), null);
    }

    private sealed class TestSourceOptions : SourceOptions;

    private sealed class Version(JobHandler handler)
    {
        public JobHandler Handler { get; } = handler;

        public override string ToString() => "v";
    }
}
