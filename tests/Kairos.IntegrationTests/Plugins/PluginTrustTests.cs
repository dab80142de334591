using Kairos.Host.Plugins.Status;

namespace Kairos.IntegrationTests.Plugins;

/// <summary>
/// The trust check at every load (issue #18 item 3): a plugins folder, plugin folder, subfolder or file that became
/// writable by every user while the host runs refuses every new or changed plugin from there, keeps the running
/// version, reports it, and loads normally again once fixed.
/// </summary>
[Collection(PluginTestGroup.Name)]
public sealed class PluginTrustTests
{
    private const string JobId = "fixtures.reloadable";

    [Fact]
    public async Task Scan_RefusesANewPlugin_AndReportsTheRunningOnes_WhenThePluginsFolderBecomesWorldWritable()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        await using var host = PluginTestHost.Create();
        host.Deploy("Reloadable.V1", "Reloadable");
        await host.StartAsync();
        var running = host.VersionOf(JobId);

        File.SetUnixFileMode(host.PluginsFolder, (UnixFileMode)0b111_111_111);
        host.Deploy("ThrowingCtorPlugin");
        host.ScanNow();

        var refusal = $"'{host.PluginsFolder}' is writable by every user (mode 777)";
        var fix = $"chmod o-w {host.PluginsFolder}";
        Assert.Null(host.VersionOf("fixtures.throwing-ctor"));
        var dropped = host.Registry.Find("ThrowingCtorPlugin")!;
        Assert.Equal(PluginState.Failed, dropped.State);
        Assert.Contains(refusal, dropped.Error, StringComparison.Ordinal);
        Assert.Contains(fix, dropped.Error, StringComparison.Ordinal);
        // The running version keeps running, shown with the problem.
        Assert.Equal(running, host.VersionOf(JobId));
        Assert.Contains(refusal, host.Registry.Find("Reloadable")!.Error, StringComparison.Ordinal);
        Assert.Contains(host.Catalog.Current.Problems, p => p.Source == "plugin:Reloadable" && p.Message.Contains(refusal, StringComparison.Ordinal));
        Assert.Contains(host.Catalog.Current.Problems, p => p.Source == "plugin:ThrowingCtorPlugin" && p.Message.Contains(refusal, StringComparison.Ordinal));
        Assert.Single(host.Logs.Where(l => l.EventId == 900 && l.Message.Contains(refusal, StringComparison.Ordinal) && l.Message.Contains(fix, StringComparison.Ordinal)));

        host.ScanNow();
        Assert.Single(host.Logs.Where(l => l.EventId == 900));

        File.SetUnixFileMode(host.PluginsFolder, (UnixFileMode)0b111_101_101);
        host.ScanNow();

        Assert.NotNull(host.VersionOf("fixtures.throwing-ctor"));
        Assert.Equal(running, host.VersionOf(JobId));
        Assert.Empty(host.Catalog.Current.Problems);
        Assert.Null(host.Registry.Find("Reloadable")!.Error);
        Assert.Single(host.Logs.Where(l => l.EventId == 901));
    }

    [Theory]
    [InlineData("plugin folder")]
    [InlineData("subfolder")]
    [InlineData("file")]
    public async Task Scan_RefusesAChangedPlugin_AndKeepsTheRunningVersion_WhenPartOfItBecomesWorldWritable(string part)
    {
        if (OperatingSystem.IsWindows())
        {
            return; // Unix permissions only
        }
        await using var host = PluginTestHost.Create();
        var folder = host.Deploy("Reloadable.V1", "Reloadable");
        var subfolder = Directory.CreateDirectory(Path.Combine(folder, "content")).FullName;
        await File.WriteAllTextAsync(Path.Combine(subfolder, "readme.txt"), "v1");
        await host.StartAsync();
        var running = host.VersionOf(JobId);

        host.Deploy("Reloadable.V2", "Reloadable");
        var (path, mode) = part switch
        {
            "plugin folder" => (folder, 0b111_111_111),
            "subfolder" => (subfolder, 0b1_111_111_111), // sticky or not, anyone may add a file to it
            _ => (Path.Combine(folder, "Reloadable.dll"), 0b110_110_110),
        };
        File.SetUnixFileMode(path, (UnixFileMode)mode);
        host.ScanNow();

        Assert.Equal(running, host.VersionOf(JobId));
        var refusal = $"'{path}' is writable by every user (mode {Convert.ToString(mode, 8)})";
        Assert.Contains(refusal, host.Registry.Find("Reloadable")!.Error, StringComparison.Ordinal);
        Assert.Contains(host.Catalog.Current.Problems, p => p.Source == "plugin:Reloadable" && p.Message.Contains(refusal, StringComparison.Ordinal));
        Assert.Single(host.Logs.Where(l => l.EventId == 205 && l.Message.Contains(refusal, StringComparison.Ordinal) && l.Message.Contains("keeps running", StringComparison.Ordinal)));

        File.SetUnixFileMode(path, (UnixFileMode)(mode & 0b111_101_101));
        host.ScanNow();

        Assert.StartsWith("2.0.0", host.VersionOf(JobId), StringComparison.Ordinal);
        Assert.Empty(host.Catalog.Current.Problems);
    }
}
