using Kairos.Host.Plugins.Discovery;

namespace Kairos.Tests.Plugins.Discovery;

public sealed class PluginFingerprintTests
{
    [Fact]
    public void OfContent_DependsOnContentAndPaths_NotOnTimestamps()
    {
        using var folder = new TempFolder();
        var file = folder.File("Billing.dll", "one");
        var first = PluginFingerprint.OfContent(folder.Path);

        File.SetLastWriteTimeUtc(file, new DateTime(2020, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        Assert.Equal(first, PluginFingerprint.OfContent(folder.Path));

        File.WriteAllText(file, "two");
        Assert.NotEqual(first, PluginFingerprint.OfContent(folder.Path));
        Assert.Matches("^[0-9a-f]{12}$", first);
    }

    [Fact]
    public void OfMetadata_ChangesWhenAFileIsAddedOrResized()
    {
        using var folder = new TempFolder();
        folder.File("Billing/Billing.dll", "one");
        var candidate = Assert.Single(PluginLayout.Discover(folder.Path));
        var first = PluginFingerprint.OfMetadata(candidate);

        folder.File("Billing/Dependency.dll", "dep");
        var second = PluginFingerprint.OfMetadata(candidate);
        folder.File("Billing/Billing.dll", "longer content");

        Assert.NotEqual(first, second);
        Assert.NotEqual(second, PluginFingerprint.OfMetadata(candidate));
    }
}
