using Kairos.Host.Cli;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Cli;

public sealed class DebuggerWaitTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task WaitAsync_ReturnsTrue_OnThePollAfterADebuggerAttaches_AfterSayingWhichProcess()
    {
        var attached = false;
        var output = new StringWriter();
        using var input = new BlockingReader();

        var wait = DebuggerWait.WaitAsync(() => attached, input, output, 4242, _time, CancellationToken.None);
        _time.Advance(DebuggerWait.Poll);
        Assert.False(wait.IsCompleted);
        attached = true;
        _time.Advance(DebuggerWait.Poll);

        Assert.True(await wait.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.StartsWith("kairos: waiting for a debugger to attach to process 4242 ", output.ToString(), StringComparison.Ordinal);
        Assert.EndsWith("kairos: debugger attached" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_ReturnsFalse_WhenEnterIsPressed()
    {
        var output = new StringWriter();

        var running = await DebuggerWait.WaitAsync(() => false, new StringReader("\n"), output, 1, _time, CancellationToken.None)
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(running);
        Assert.EndsWith("kairos: running without a debugger" + Environment.NewLine, output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitAsync_KeepsWaiting_AtTheEndOfInput_UntilCancelled()
    {
        using var cancel = new CancellationTokenSource();

        var wait = DebuggerWait.WaitAsync(() => false, new StringReader(""), new StringWriter(), 1, _time, cancel.Token);
        for (var i = 0; i < 5; i++)
        {
            _time.Advance(DebuggerWait.Poll);
        }
        Assert.False(wait.IsCompleted);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    [Fact]
    public async Task WaitAsync_SaysNothing_WhenADebuggerIsAlreadyAttached()
    {
        var output = new StringWriter();

        Assert.True(await DebuggerWait.WaitAsync(() => true, new StringReader(""), output, 1, _time, CancellationToken.None));
        Assert.Equal("", output.ToString());
    }

    /// <summary>Console input nobody types into: ReadLine blocks until disposed.</summary>
    private sealed class BlockingReader : TextReader
    {
        private readonly ManualResetEventSlim _closed = new();

        public override string? ReadLine()
        {
            _closed.Wait();
            return null;
        }

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }
}
