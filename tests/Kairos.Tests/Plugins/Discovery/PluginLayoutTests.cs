using Kairos.Host.Plugins.Discovery;

namespace Kairos.Tests.Plugins.Discovery;

public sealed class PluginLayoutTests
{
    [Fact]
    public void Discover_FindsAFolderPlugin_ByItsFolderName()
    {
        using var root = new TempFolder();
        var main = root.File("Billing/Billing.dll");
        root.File("Billing/Newtonsoft.Json.dll");

        var plugin = Assert.Single(PluginLayout.Discover(root.Path));

        Assert.Equal(("Billing", PluginLayoutKind.Folder, main, (string?)null), (plugin.Name, plugin.Kind, plugin.MainAssemblyPath, plugin.Problem));
        Assert.Equal("plugin:Billing", plugin.Source);
    }

    [Fact]
    public void Discover_FindsTheMainAssembly_ByItsOnlyDepsJson_WhenTheFolderIsNamedOtherwise()
    {
        using var root = new TempFolder();
        var main = root.File("billing-v2/Billing.Jobs.dll");
        root.File("billing-v2/Billing.Jobs.deps.json", "{}");
        root.File("billing-v2/Dependency.dll");

        var plugin = Assert.Single(PluginLayout.Discover(root.Path));

        Assert.Equal("billing-v2", plugin.Name);
        Assert.Equal(main, plugin.MainAssemblyPath);
    }

    [Fact]
    public void Discover_ReportsAFolderWithAssemblies_ButNoMainOne()
    {
        using var root = new TempFolder();
        root.File("Billing/Something.dll");

        var plugin = Assert.Single(PluginLayout.Discover(root.Path));

        Assert.Null(plugin.MainAssemblyPath);
        Assert.Contains("no Billing.dll", plugin.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Discover_IgnoresSourceFolders_HiddenEntries_AndOtherFiles()
    {
        using var root = new TempFolder();
        root.File("samples/SessionCleanup/SessionCleanup.csproj");
        root.File("samples/SessionCleanup/bin/Debug/net10.0/SessionCleanup.dll");
        root.File(".staging/Billing.dll");
        root.File(".Billing.dll");
        root.File("Plugins.targets");
        root.File("Billing.dll.tmp");

        Assert.Empty(PluginLayout.Discover(root.Path));
    }

    [Fact]
    public void Discover_FindsSingleDllPlugins_AndPrefersAFolderOfTheSameName()
    {
        using var root = new TempFolder();
        var single = root.File("Reports.dll");
        root.File("Billing.dll");
        var folderMain = root.File("Billing/Billing.dll");

        var plugins = PluginLayout.Discover(root.Path);

        Assert.Equal(["Billing", "Reports"], plugins.Select(p => p.Name));
        Assert.Equal(folderMain, plugins[0].MainAssemblyPath);
        Assert.Equal((PluginLayoutKind.SingleFile, single), (plugins[1].Kind, plugins[1].MainAssemblyPath));
    }

    [Fact]
    public void Discover_ReturnsNothing_WhenTheFolderDoesNotExist() =>
        Assert.Empty(PluginLayout.Discover(Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"))));
}
