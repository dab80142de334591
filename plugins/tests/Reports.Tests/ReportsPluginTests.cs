using System.Reflection;
using Kairos;
using Kairos.Testing;

namespace Reports.Tests;

/// <summary>The whole plugin in the real scheduler, loaded from its build output into its own load context.</summary>
public sealed class ReportsPluginTests : IDisposable
{
    private static readonly string PluginFolder = typeof(ReportsPluginTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "PluginFolder").Value!;

    private readonly string _data = Directory.CreateTempSubdirectory("reports-tests-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task Collect_FiresEveryTwoMinutes_AndItsPublishRunWritesTheReport()
    {
        File.WriteAllText(Path.Combine(_data, "a.txt"), "a");
        var options = new KairosTestHostOptions();
        options.Plugins.Add(PluginFolder);
        options.Settings["Kairos:Plugins:Reports:DataFolder"] = _data;
        await using var host = await KairosTestHost.StartAsync(options);

        await host.AdvanceAsync(TimeSpan.FromMinutes(2));
        var published = await host.WaitForRunsAsync("reports.publish", r => r.Count == 1 && r[0].Status == RunStatus.Succeeded);
        // Collect triggers publish while it runs: publish may end before collect's own end is recorded, so wait for both.
        var collected = await host.WaitForRunsAsync("reports.collect", r => r.Count == 1 && r[0].Status == RunStatus.Succeeded);

        Assert.Contains(collected[0].Id, published[0].DataJson, StringComparison.Ordinal);
        Assert.Single(Directory.GetFiles(Path.Combine(_data, "reports")));
    }
}
