using System.Text.Json;
using Kairos.IntegrationTests.Cluster;

namespace Kairos.IntegrationTests.Hosting;

/// <summary>
/// <c>kairos.json</c> edited while a real host runs: job overrides apply within seconds and show in <c>jobs --json</c>;
/// an invalid value or a file that is not JSON is refused with an error naming it, and the previous overrides stay in force.
/// </summary>
/// <remarks>In the process-heavy collection, so host processes of different tests do not compete for the 2 cores.</remarks>
[Collection(Storage.PostgresTestGroup.Name)]
public sealed class ConfigReloadTests : IDisposable
{
    private static readonly string KairosDll = ClusterHarness.KairosDll;
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(30);
    private readonly string _root = Directory.CreateTempSubdirectory("kairos-config-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Db => Path.Combine(_root, "data", "kairos.db");

    private string SettingsFile => Path.Combine(_root, "kairos.json");

    /// <summary>A verb, with settings of its own: the host's file is broken on purpose by the test.</summary>
    private Task<(int Exit, string Stdout, string Stderr)> Kairos(params string[] verb)
    {
        var settings = Path.Combine(_root, "cli.json");
        if (!File.Exists(settings))
        {
            File.WriteAllText(settings, "{}");
        }
        return Cli.RunAsync(KairosDll, _root, [.. verb, "--db", Db, "--config", settings]);
    }

    /// <summary>Writes the file as editors that save to a temporary file and rename it over the old one do.</summary>
    private void Replace(string json)
    {
        var temporary = SettingsFile + ".tmp";
        File.WriteAllText(temporary, json);
        File.Move(temporary, SettingsFile, overwrite: true);
    }

    [Fact]
    public async Task EditingKairosJson_AppliesOverridesLive_RefusesInvalidOnesKeepingThePrevious_AndNamesSettingsReadAtStart()
    {
        var scripts = Directory.CreateDirectory(Path.Combine(_root, "scripts")).FullName;
        await File.WriteAllTextAsync(Path.Combine(scripts, "nightly.csx"), "// kairos: id = cfg.nightly\n// kairos: cron = 0 3 * * *\nreturn;\n");
        await File.WriteAllTextAsync(Path.Combine(scripts, "other.csx"), "// kairos: id = cfg.other\n// kairos: interval = 1h\nreturn;\n");
        await File.WriteAllTextAsync(Path.Combine(scripts, "tick.csx"), "// kairos: id = cfg.tick\n// kairos: interval = 1s\nreturn;\n");
        await File.WriteAllTextAsync(SettingsFile, """{ "Kairos": { "NodeId": "config" } }""");
        using var host = HostProcess.Start("config", KairosDll, ["run", "--db", Db, "--scripts", scripts], workingDirectory: _root);
        await host.WaitForOutputAsync("Application started", TimeSpan.FromSeconds(120));
        await WaitForJobsAsync(jobs => jobs.Count(j => j.GetProperty("state").GetString() == "active") == 3);

        // An editor replaces the file: a trigger's schedule changes and a job is switched off.
        Replace("""
            {
              "Kairos": {
                "NodeId": "config",
                "Jobs": {
                  "cfg.nightly": { "Triggers": { "default": { "Cron": "30 4 * * *" } } },
                  "cfg.other": { "Enabled": false }
                }
              }
            }
            """);
        var changed = await WaitForJobsAsync(jobs => Trigger(jobs, "cfg.nightly").GetProperty("schedule").GetString() == "30 4 * * *"
            && Job(jobs, "cfg.other").GetProperty("state").GetString() == "disabled");
        var nightly = Trigger(changed, "cfg.nightly");
        Assert.Equal("Kairos:Jobs:cfg.nightly:Triggers:default", nightly.GetProperty("overriddenBy").GetString());
        Assert.Equal("0 3 * * *", nightly.GetProperty("declared").GetProperty("schedule").GetString());
        Assert.Equal("Kairos:Jobs:cfg.other:Enabled is false", Job(changed, "cfg.other").GetProperty("disabledReason").GetString());
        Assert.Equal("Kairos:Jobs:cfg.other:Enabled", Job(changed, "cfg.other").GetProperty("overriddenBy")[0].GetProperty("key").GetString());

        // An invalid value, written in place: refused with one error naming it; the overrides before it stay in force.
        await File.WriteAllTextAsync(SettingsFile, """
            { "Kairos": { "NodeId": "config", "Jobs": { "cfg.nightly": { "Triggers": { "default": { "Cron": "61 * * * *" } } } } } }
            """);
        await host.WaitForOutputAsync("Kairos:Jobs:cfg.nightly:Triggers:default:Cron is '61 * * * *': invalid cron expression", Soon);
        Assert.Contains("job overrides refused, the previous ones stay in force", host.Output, StringComparison.Ordinal);
        // A file that is not JSON at all: refused too, naming the file and the line.
        Replace("{ \"Kairos\": { \"Jobs\": ");
        await host.WaitForOutputAsync("is not valid JSON at line", Soon);
        // A setting read at start: named, not applied; a value its next start would refuse is named with what was expected.
        Replace("""
            {
              "Kairos": {
                "NodeId": "config",
                "MaxConcurrency": "lots",
                "Jobs": {
                  "cfg.nightly": { "Triggers": { "default": { "Cron": "30 4 * * *" } } },
                  "cfg.other": { "Enabled": false }
                }
              }
            }
            """);
        await host.WaitForOutputAsync("Kairos:MaxConcurrency is 'lots': expected a whole number: this host keeps running", Soon);
        Assert.Contains("Settings: Kairos:MaxConcurrency changed while the host runs", host.Output, StringComparison.Ordinal);

        var ticks = await TicksAsync();
        var kept = await WaitForJobsAsync(_ => true);
        Assert.Equal("30 4 * * *", Trigger(kept, "cfg.nightly").GetProperty("schedule").GetString());
        Assert.Equal("disabled", Job(kept, "cfg.other").GetProperty("state").GetString());
        // The host keeps firing meanwhile.
        var deadline = DateTime.UtcNow + Soon;
        while (await TicksAsync() <= ticks)
        {
            Assert.True(DateTime.UtcNow < deadline, $"cfg.tick did not run again after the refused changes:\n{host.Output}");
        }
        Assert.False(host.HasExited, host.Output);
    }

    private static JsonElement Job(List<JsonElement> jobs, string id) => jobs.Single(j => j.GetProperty("id").GetString() == id);

    private static JsonElement Trigger(List<JsonElement> jobs, string id) => Job(jobs, id).GetProperty("triggers")[0];

    private async Task<int> TicksAsync()
    {
        var (exit, stdout, stderr) = await Kairos("history", "cfg.tick", "--status", "succeeded", "--limit", "10000", "--json");
        Assert.True(exit == 0, stderr);
        return JsonDocument.Parse(stdout).RootElement.GetArrayLength();
    }

    private Task<List<JsonElement>> WaitForJobsAsync(Func<List<JsonElement>, bool> condition) => Cli.WaitForJobsAsync(Kairos, condition);
}
