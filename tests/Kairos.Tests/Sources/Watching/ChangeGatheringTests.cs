using Kairos.Host.Sources;
using Kairos.Host.Sources.Watching;

namespace Kairos.Tests.Sources.Watching;

public sealed class ChangeGatheringTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "plugins");
    private readonly ChangeGathering _changes = new(Root);
    private readonly TestSourceOptions _timing = new() { Debounce = TimeSpan.FromMilliseconds(200), RenameDebounce = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public void QuietTime_IsTheFullDebounce_BeforeAnyEvent()
    {
        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheRenameDebounce_AfterARenameIntoPlace()
    {
        _changes.Add(Renamed(".Billing.new", "Billing"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheRenameDebounce_AfterASwapOfTwoRenames()
    {
        _changes.Add(Renamed("Billing", ".Billing.old"));
        _changes.Add(Renamed(".Billing.new", "Billing"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_AfterTheFirstRenameOfASwap()
    {
        _changes.Add(Renamed("Billing", ".Billing.old"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_WhenWhatWasMovedAsideIsReplacedUnderAnotherName()
    {
        _changes.Add(Renamed("Billing", ".Billing.old"));
        _changes.Add(Renamed(".Invoices.new", "Invoices"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheRenameDebounce_WhenAFileIsMovedAsideInsideAFolderAndReplaced()
    {
        _changes.Add(Renamed("Billing/Billing.dll", "Billing/.Billing.dll.old"));
        _changes.Add(Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheRenameDebounce_WhenEveryWriteWasToAFileRenamedIntoPlaceSince()
    {
        _changes.Add(Event(WatcherChangeTypes.Created, "Billing/.Billing.dll.new"));
        _changes.Add(Event(WatcherChangeTypes.Changed, "Billing/.Billing.dll.new"));
        _changes.Add(Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));
        _changes.Add(Event(WatcherChangeTypes.Created, "Billing/.Billing.deps.json.new"));
        _changes.Add(Renamed("Billing/.Billing.deps.json.new", "Billing/Billing.deps.json"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheRenameDebounce_WhenAFolderWrittenBesideIsRenamedIntoPlace()
    {
        _changes.Add(Event(WatcherChangeTypes.Created, ".Billing.new"));
        _changes.Add(Event(WatcherChangeTypes.Created, ".Billing.new/Billing.dll"));
        _changes.Add(Event(WatcherChangeTypes.Changed, ".Billing.new/Billing.dll"));
        _changes.Add(Renamed("Billing", ".Billing.old"));
        _changes.Add(Renamed(".Billing.new", "Billing"));
        _changes.Add(Event(WatcherChangeTypes.Deleted, ".Billing.old/Billing.dll"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
    }

    [Theory]
    [InlineData(WatcherChangeTypes.Created)]
    [InlineData(WatcherChangeTypes.Changed)]
    public void QuietTime_IsTheFullDebounce_AfterAWriteInPlace(WatcherChangeTypes type)
    {
        _changes.Add(Event(type, "Billing/Billing.dll"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_WhenARenamedFileIsWrittenAfterwards()
    {
        _changes.Add(Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));
        _changes.Add(Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_WhenARenameComesWithAWriteInPlaceOfAnotherFile()
    {
        _changes.Add(Event(WatcherChangeTypes.Changed, "Billing/Billing.deps.json"));
        _changes.Add(Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_WhenAFileIsRenamedOverOneBeingWritten()
    {
        _changes.Add(Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));
        _changes.Add(Renamed("Billing/.Billing.dll.new", "Billing/Billing.dll"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_ForDeletesAlone()
    {
        _changes.Add(Event(WatcherChangeTypes.Deleted, "Billing/Billing.dll"));

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsTheFullDebounce_AfterLostEvents()
    {
        _changes.Add(Renamed(".Billing.new", "Billing"));
        _changes.Lost();

        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    [Fact]
    public void QuietTime_IsNeverLongerThanTheFullDebounce()
    {
        _timing.Debounce = TimeSpan.FromMilliseconds(20);
        _changes.Add(Renamed(".Billing.new", "Billing"));

        Assert.Equal(TimeSpan.FromMilliseconds(20), _changes.QuietTime(_timing));
    }

    [Fact]
    public void Clear_ForgetsTheEventsSoFar()
    {
        _changes.Add(Event(WatcherChangeTypes.Changed, "Billing/Billing.dll"));
        _changes.Add(Renamed("Invoices", ".Invoices.old"));
        _changes.Clear();
        _changes.Add(Renamed(".Billing.new", "Billing"));

        Assert.Equal(_timing.RenameDebounce, _changes.QuietTime(_timing));
        _changes.Clear();
        Assert.Equal(_timing.Debounce, _changes.QuietTime(_timing));
    }

    internal static FileSystemEventArgs Event(WatcherChangeTypes type, string name) =>
        new(type, Root, name.Replace('/', Path.DirectorySeparatorChar));

    internal static RenamedEventArgs Renamed(string oldName, string name) =>
        new(WatcherChangeTypes.Renamed, Root, name.Replace('/', Path.DirectorySeparatorChar), oldName.Replace('/', Path.DirectorySeparatorChar));

    private sealed class TestSourceOptions : SourceOptions;
}
