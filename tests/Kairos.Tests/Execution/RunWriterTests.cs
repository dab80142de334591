using Kairos.Host.Execution;
using Kairos.Host.Hosting;
using Kairos.Host.Storage.LiteDb;
using Kairos.Host.Storage.Runs;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Execution;

public sealed class RunWriterTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Window = TimeSpan.FromMilliseconds(5);
    private readonly TempDirectory _dir = new();
    private readonly FakeTimeProvider _time = new(T0);
    private readonly LiteDbStore _store;
    private readonly RunWriter _writer;

    public RunWriterTests()
    {
        _store = new LiteDbStore(_dir.File("kairos.db"));
        _writer = new RunWriter(_store, _time, Options.Create(new KairosOptions { RecordBatchWindow = Window }), NullLogger<RunWriter>.Instance);
    }

    public void Dispose()
    {
        _writer.Dispose();
        _store.Dispose();
        _dir.Dispose();
    }

    private static RunRecord Pending(string id) => new()
    {
        Id = id, JobId = "job", TriggerKey = "t", ConcurrencyKey = "job", ScheduledUtc = T0, NotBeforeUtc = T0, Status = RunStatus.Pending,
    };

    private static RunRecord Started(RunRecord run) => run with { Status = RunStatus.Running, StartedUtc = T0, Node = "node-a", Fence = 1 };

    [Fact]
    public void WrittenAsync_IsComplete_WhenNothingIsQueued()
    {
        Assert.True(_writer.WrittenAsync().IsCompleted);
    }

    [Fact]
    public async Task WrittenAsync_EndsOnceTheStartsQueuedBeforeItAreWritten_SoAReadAfterItSeesThem()
    {
        var run = Pending("run-1");
        _store.Insert([run]);
        _writer.StartBehind(Started(run));

        var written = _writer.WrittenAsync();
        Assert.False(written.IsCompleted); // the pump gathers for the window of the fake clock, which stands still
        Assert.Equal(RunStatus.Pending, _store.GetRun("run-1")!.Status);

        while (!written.IsCompleted)
        {
            _time.Advance(Window);
            await Task.WhenAny(written, Task.Delay(TimeSpan.FromMilliseconds(20), TimeProvider.System));
        }

        Assert.Equal(RunStatus.Running, _store.GetRun("run-1")!.Status);
        Assert.True(_writer.WrittenAsync().IsCompleted);
    }
}
