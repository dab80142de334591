using System.Text.RegularExpressions;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Web.Dashboard;

/// <summary>
/// A real <c>kairos run</c> host for the dashboard's browser tests, on a free loopback port, with sample jobs: a script
/// that logs the data it is triggered with (fires only when triggered: 09:00 on weekdays) and a script that does not
/// compile. <see cref="Url"/> is the dashboard's address, read from the host's "Dashboard at" line.
/// </summary>
public sealed partial class DashboardHost : IAsyncDisposable
{
    public const string ScriptJob = "demo.hello";
    public const string BrokenJob = "demo.broken";

    private readonly string _root = Directory.CreateTempSubdirectory("kairos-dashboard-").FullName;
    private HostProcess? _host;

    public string Url { get; private set; } = "";

    public string Output => _host?.Output ?? "";

    public static async Task<DashboardHost> StartAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var host = new DashboardHost();
        var scripts = Directory.CreateDirectory(Path.Combine(host._root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "hello.csx"), $"""
            // kairos: id = {ScriptJob}
            // kairos: description = Says hello with the data it gets
            // kairos: cron = 0 9 * * 1-5
            Logger.LogInformation("hello from the dashboard with {"{"}Data{"}"}", DataJson);
            """);
        await File.WriteAllTextAsync(Path.Combine(scripts, "broken.csx"), $"// kairos: id = {BrokenJob}\n// kairos: interval = 1h\nthis does not compile\n");
        host._host = HostProcess.Start("dashboard", ClusterHarness.KairosDll,
            ["run", "--db", Path.Combine(host._root, "kairos.db"), "--create", "--scripts", scripts, "--plugins", ""],
            environment, host._root);
        await host._host.WaitForOutputAsync("Script folder ", TimeSpan.FromSeconds(120));
        await host._host.WaitForOutputAsync("Dashboard at ", TimeSpan.FromSeconds(60));
        host.Url = DashboardLine().Match(host._host.Output).Groups[1].Value.TrimEnd('/');
        return host;
    }

    public async ValueTask DisposeAsync()
    {
        _host?.Stop(TimeSpan.FromSeconds(30));
        _host?.Dispose();
        await Task.Yield();
        Directory.Delete(_root, recursive: true);
    }

    [GeneratedRegex(@"Dashboard at (\S+) ")]
    private static partial Regex DashboardLine();
}
