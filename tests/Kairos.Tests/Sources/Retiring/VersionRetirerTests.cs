using System.Runtime.CompilerServices;
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
        var steps = new RecordingRetirement();
        using var retirer = Create(steps);
        var version = new Version(Handler());

        retirer.Retire(version);
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal(["started", "unload", "retired:True"], steps.Calls);
    }

    [Fact]
    public async Task Retire_WaitsForTheRunInFlight_BeforeUnloading()
    {
        var steps = new RecordingRetirement();
        using var retirer = Create(steps);
        var handler = Handler();
        var run = handler.Enter(CancellationToken.None);

        retirer.Retire(new Version(handler));
        var idle = retirer.WhenIdleAsync();
        Assert.False(idle.IsCompleted);
        Assert.DoesNotContain("unload", steps.Calls);
        run.Dispose();
        await idle.WaitAsync(Limit);

        Assert.Equal(["started", "unload", "retired:True"], steps.Calls);
    }

    [Fact]
    public async Task Retire_CancelsTheRunsInFlight_WhenTheWaitIsCutShort()
    {
        var steps = new RecordingRetirement();
        using var retirer = Create(steps);
        var handler = Handler();
        var run = handler.Enter(CancellationToken.None);
        run.Token.Register(run.Dispose);

        retirer.Retire(new Version(handler));
        retirer.StopWaiting();
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.True(run.Token.IsCancellationRequested);
        Assert.Equal(["started", "drain-timed-out", "unload", "retired:True"], steps.Calls);
    }

    [Fact]
    public async Task Discard_UnloadsAtOnce_AndReportsTheCheckWhenAsked()
    {
        var steps = new RecordingRetirement();
        using var retirer = Create(steps);

        retirer.Discard(new Version(Handler()), verify: false);
        retirer.Discard(new Version(Handler()), verify: true);
        await retirer.WhenIdleAsync().WaitAsync(Limit);

        Assert.Equal(["unload", "discarded:", "unload", "discarded:True"], steps.Calls);
    }

    private static VersionRetirer<Version> Create(RecordingRetirement steps) =>
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
    }

    private sealed class RecordingRetirement : IVersionRetirement<Version>
    {
        private readonly Lock _gate = new();
        private readonly List<string> _calls = [];

        public IReadOnlyList<string> Calls
        {
            get
            {
                lock (_gate)
                {
                    return [.. _calls];
                }
            }
        }

        public IReadOnlyList<JobHandler> Handlers(Version version) => [version.Handler];

        public void Started(Version version) => Add("started");

        public void DrainTimedOut(Version version, TimeSpan grace) => Add("drain-timed-out");

        public void RunsIgnoreCancellation(Version version, TimeSpan grace) => Add("runs-ignore-cancellation");

        public WeakReference? Unload(Version version)
        {
            Add("unload");
            return Unreferenced();
        }

        public void Retired(Version version, bool? collected) => Add($"retired:{collected}");

        public void Discarded(Version version, bool? collected) => Add($"discarded:{collected}");

        [MethodImpl(MethodImplOptions.NoInlining)]
        private static WeakReference Unreferenced() => new(new object());

        private void Add(string call)
        {
            lock (_gate)
            {
                _calls.Add(call);
            }
        }
    }
}
