using Kairos.Host.Plugins;
using Kairos.Host.Plugins.Status;

namespace Kairos.Tests.Plugins.Status;

public sealed class PluginStatusBoardTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SetRetired_UpdatesTheSameVersionInPlace()
    {
        var board = new PluginStatusBoard();
        var unloading = Info("A", "1", PluginState.Unloading);

        board.SetRetired(unloading);
        board.SetRetired(unloading with { State = PluginState.Unloaded, Collected = true });

        var entry = Assert.Single(board.Snapshot());
        Assert.Equal((PluginState.Unloaded, (bool?)true), (entry.State, entry.Collected));
    }

    [Fact]
    public void SetRetired_KeepsOnlyTheMostRecentUnloadedVersions()
    {
        var board = new PluginStatusBoard();
        for (var i = 0; i < PluginStatusBoard.UnloadedHistory + 5; i++)
        {
            board.SetRetired(Info("A", i.ToString(System.Globalization.CultureInfo.InvariantCulture), PluginState.Unloaded));
        }

        var versions = board.Snapshot().Select(p => p.Version).ToList();

        Assert.Equal(PluginStatusBoard.UnloadedHistory, versions.Count);
        Assert.Equal("5", versions[0]);
    }

    [Fact]
    public void Snapshot_ListsCurrentPluginsByName_BeforeUnloadedOnes_AndRaisesChanged()
    {
        var board = new PluginStatusBoard();
        var changes = 0;
        board.Changed += () => changes++;

        board.SetRetired(Info("Z", "1", PluginState.Unloaded));
        board.SetCurrent(Info("B", "2", PluginState.Loaded));
        board.SetCurrent(Info("A", "1", PluginState.Failed));
        board.RemoveCurrent("B");

        Assert.Equal(["A", "Z"], board.Snapshot().Select(p => p.Name));
        Assert.Equal(4, changes);
    }

    private static PluginInfo Info(string name, string version, PluginState state) =>
        new(name, PluginSource.For(name), $"plugins/{name}/{name}.dll", state, version, Loaded, ["a.job"], null);
}
