using Kairos.Host.Plugins;
using Kairos.Host.Plugins.Status;

namespace Kairos.Tests.Plugins.Status;

public sealed class PluginRegistryTests
{
    private static readonly DateTimeOffset Loaded = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SetRetired_UpdatesTheSameVersionInPlace()
    {
        var registry = new PluginRegistry();
        var unloading = Info("A", "1", PluginState.Unloading);

        registry.SetRetired(unloading);
        registry.SetRetired(unloading with { State = PluginState.Unloaded, Collected = true });

        var entry = Assert.Single(registry.Snapshot());
        Assert.Equal((PluginState.Unloaded, (bool?)true), (entry.State, entry.Collected));
    }

    [Fact]
    public void SetRetired_KeepsOnlyTheMostRecentUnloadedVersions()
    {
        var registry = new PluginRegistry();
        for (var i = 0; i < PluginRegistry.UnloadedHistory + 5; i++)
        {
            registry.SetRetired(Info("A", i.ToString(System.Globalization.CultureInfo.InvariantCulture), PluginState.Unloaded));
        }

        var versions = registry.Snapshot().Select(p => p.Version).ToList();

        Assert.Equal(PluginRegistry.UnloadedHistory, versions.Count);
        Assert.Equal("5", versions[0]);
    }

    [Fact]
    public void Snapshot_ListsCurrentPluginsByName_BeforeUnloadedOnes_AndRaisesChanged()
    {
        var registry = new PluginRegistry();
        var changes = 0;
        registry.Changed += () => changes++;

        registry.SetRetired(Info("Z", "1", PluginState.Unloaded));
        registry.SetCurrent(Info("B", "2", PluginState.Loaded));
        registry.SetCurrent(Info("A", "1", PluginState.Failed));
        registry.RemoveCurrent("B");

        Assert.Equal(["A", "Z"], registry.Snapshot().Select(p => p.Name));
        Assert.Equal(4, changes);
    }

    private static PluginInfo Info(string name, string version, PluginState state) =>
        new(name, PluginSource.For(name), $"plugins/{name}/{name}.dll", state, version, Loaded, ["a.job"], null);
}
