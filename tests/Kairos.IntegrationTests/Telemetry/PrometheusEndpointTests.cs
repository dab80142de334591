using System.Text.RegularExpressions;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Telemetry;

/// <summary>A real <c>kairos run</c> with <c>Kairos:Telemetry:Prometheus</c> true serves the Kairos meter at <c>/metrics</c> on its web server.</summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed partial class PrometheusEndpointTests : IDisposable
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(60);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-metrics-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    [Fact]
    public async Task Host_ServesTheRunCounterAtMetrics_AfterAJobRan()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "tick.csx"), "// kairos: id = tel.tick\n// kairos: interval = 1s\nreturn;\n");
        await File.WriteAllTextAsync(Path.Combine(_root, "kairos.json"), """{ "Kairos": { "NodeId": "metrics", "Telemetry": { "Prometheus": true } } }""");
        using var host = HostProcess.Start("metrics", ClusterHarness.KairosDll,
            ["run", "--db", Path.Combine(_root, "data", "kairos.db"), "--scripts", scripts], workingDirectory: _root);

        await host.WaitForOutputAsync("Dashboard at ", Soon);
        await host.WaitForOutputAsync("of tel.tick ended succeeded", Soon);
        var dashboard = DashboardUrl().Match(host.Output).Groups[1].Value;
        using var http = new HttpClient { BaseAddress = new Uri(dashboard) };
        var response = await http.GetAsync(new Uri("metrics", UriKind.Relative));
        var text = await response.Content.ReadAsStringAsync();

        Assert.True(response.IsSuccessStatusCode, $"GET /metrics answered {(int)response.StatusCode}: {text}\n{host.Output}");
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(RunsEnded(), text);
        Assert.Contains("# TYPE kairos_run_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("kairos_source_loads_total{", text, StringComparison.Ordinal);
        host.Stop(Soon);
    }

    [GeneratedRegex(@"Dashboard at (http://\S+)")]
    private static partial Regex DashboardUrl();

    /// <summary>The counter of succeeded runs of the job, at 1 or more.</summary>
    [GeneratedRegex("""kairos_runs_ended_total\{[^}]*kairos_job_id="tel\.tick"[^}]*kairos_run_status="succeeded"[^}]*\} [1-9]""")]
    private static partial Regex RunsEnded();
}
