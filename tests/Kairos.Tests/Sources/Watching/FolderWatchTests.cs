using System.Threading.Channels;
using Kairos.Host.Sources;
using Kairos.Host.Sources.Watching;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace Kairos.Tests.Sources.Watching;

public sealed class FolderWatchTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Full = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan Rename = TimeSpan.FromMilliseconds(50);
    private readonly TempDirectory _temp = new();
    private readonly TimerWatchingClock _clock = new();
    private readonly CountingFolder _target = new();
    private readonly TestSourceOptions _timing = new()
    {
        Debounce = Full,
        RenameDebounce = Rename,
        MaxDebounce = TimeSpan.FromSeconds(5),
        PollInterval = TimeSpan.Zero,
        UseFileSystemWatcher = false,
    };

    public void Dispose() => _temp.Dispose();

    [Fact]
    public async Task ARenameIntoPlace_IsScannedAfterTheRenameDebounce()
    {
        using var watch = Start();

        watch.Notice(ChangeGatheringTests.Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Rename);
        _clock.Advance(Rename - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _target.Scans);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await _target.ScannedAsync();
    }

    [Fact]
    public async Task AWriteInPlace_IsScannedAfterTheFullDebounce()
    {
        using var watch = Start();

        watch.Notice(ChangeGatheringTests.Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Full);
        _clock.Advance(Rename);
        _clock.Advance(Full - Rename - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _target.Scans);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await _target.ScannedAsync();
    }

    [Fact]
    public async Task ARenameThenAWrite_IsScannedTheFullDebounceAfterTheWrite()
    {
        using var watch = Start();

        watch.Notice(ChangeGatheringTests.Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Rename);
        _clock.Advance(TimeSpan.FromMilliseconds(30));
        watch.Notice(ChangeGatheringTests.Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Full);
        _clock.Advance(Full - TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, _target.Scans);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await _target.ScannedAsync();
    }

    [Fact]
    public async Task TheNextChange_AfterAScanOfARename_GetsTheFullDebounceAgain()
    {
        using var watch = Start();
        watch.Notice(ChangeGatheringTests.Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Rename);
        _clock.Advance(Rename);
        await _target.ScannedAsync();

        watch.Notice(ChangeGatheringTests.Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));
        await _clock.TimerOfAsync(Full);
        _clock.Advance(Full - TimeSpan.FromMilliseconds(1));
        Assert.Equal(1, _target.Scans);
        _clock.Advance(TimeSpan.FromMilliseconds(1));

        await _target.ScannedAsync();
    }

    [Fact]
    public async Task AFileWrittenBesideAndRenamedOver_IsSeenByTheWatcherAsARename()
    {
        var plugin = Directory.CreateDirectory(Path.Combine(_temp.Path, "Billing")).FullName;
        var target = Path.Combine(plugin, "Billing.dll");
        await File.WriteAllTextAsync(target, "v1");
        _timing.UseFileSystemWatcher = true;
        using var watch = Start();
        Assert.Empty(_target.Problems);

        var staged = Path.Combine(plugin, ".Billing.dll.new");
        await File.WriteAllTextAsync(staged, "v2");
        File.Move(staged, target, overwrite: true);
        await _clock.TimerOfAsync(Rename);
        _clock.Advance(Rename);

        await _target.ScannedAsync();
    }

    private FolderWatch Start()
    {
        var watch = new FolderWatch(_temp.Path, _target, _timing, _clock);
        watch.Start();
        return watch;
    }

    private sealed class TestSourceOptions : SourceOptions;

    /// <summary>A fake clock that tells when a timer is created, and with what due time: the watch is then waiting on it.</summary>
    private sealed class TimerWatchingClock : FakeTimeProvider
    {
        private readonly Channel<TimeSpan> _created = Channel.CreateUnbounded<TimeSpan>();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = base.CreateTimer(callback, state, dueTime, period);
            _created.Writer.TryWrite(dueTime);
            return timer;
        }

        /// <summary>Waits until a timer due after <paramref name="due"/> has been created.</summary>
        public async Task TimerOfAsync(TimeSpan due)
        {
            using var limit = new CancellationTokenSource(Limit);
            while (await _created.Reader.ReadAsync(limit.Token) != due)
            {
            }
        }
    }

    private sealed class CountingFolder : IWatchedFolder
    {
        private readonly Channel<bool> _scanned = Channel.CreateUnbounded<bool>();
        private int _scans;

        public int Scans => Volatile.Read(ref _scans);

        public List<string> Problems { get; } = [];

        public void Scan(CancellationToken stopping)
        {
            Interlocked.Increment(ref _scans);
            _scanned.Writer.TryWrite(true);
        }

        public async Task ScannedAsync()
        {
            using var limit = new CancellationTokenSource(Limit);
            await _scanned.Reader.ReadAsync(limit.Token);
        }

        public void ScanFailed(Exception exception) => Problems.Add(exception.Message);

        public void CannotWatch(string reason) => Problems.Add(reason);

        public void LostEvents(string reason) => Problems.Add(reason);
    }
}
