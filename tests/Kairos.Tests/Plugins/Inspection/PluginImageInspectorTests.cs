using Kairos.Host.Plugins.Inspection;

namespace Kairos.Tests.Plugins.Inspection;

public sealed class PluginImageInspectorTests
{
    [Theory]
    [InlineData("1.0.0.0", true)]
    [InlineData("2.0.0.0", false)]
    [InlineData("1.0.0.1", false)]
    [InlineData("1.1.0.0", false)]
    [InlineData("0.9.0.0", false)]
    public void CheckCompatible_AcceptsOnlyTheSameMajorVersion_NotNewer(string referenced, bool compatible) =>
        Assert.Equal(compatible, PluginImageInspector.CheckCompatible(Version.Parse(referenced)) is null);

    [Fact]
    public void CheckCompatible_NamesBothVersions()
    {
        var error = PluginImageInspector.CheckCompatible(new Version(2, 0, 0, 0));

        Assert.Equal($"built against Kairos.Abstractions 2.0.0.0, host has {PluginImageInspector.HostAbstractionsVersion}: rebuild the plugin against the host's Kairos.Abstractions", error);
    }

    [Fact]
    public void TryInspect_RejectsAFileThatIsNotAnAssembly()
    {
        using var folder = new TempFolder();
        var file = folder.File("Notes.dll", "hello");

        Assert.False(PluginImageInspector.TryInspect(file, out var error));
        Assert.StartsWith("not a valid .NET assembly", error, StringComparison.Ordinal);
    }

    [Fact]
    public void TryInspect_RejectsAnAssemblyThatDoesNotReferenceTheContract() =>
        Assert.False(PluginImageInspector.TryInspect(typeof(IJob).Assembly.Location, out _));

    [Fact]
    public void TryInspect_AcceptsAnAssemblyBuiltAgainstTheHostsContract() =>
        Assert.True(PluginImageInspector.TryInspect(typeof(PluginImageInspector).Assembly.Location, out _));
}
