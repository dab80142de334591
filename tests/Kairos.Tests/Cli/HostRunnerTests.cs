using Kairos.Host.Hosting;
using Kairos.Host.Cli;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Cli;

public sealed class HostRunnerTests
{
    [Fact]
    public void Configure_TurnsOnThePluginsAndScriptsFoldersAndTheControlApi_ForTheExecutable()
    {
        using var dir = new TempDirectory();
        var config = dir.File("kairos.json");
        File.WriteAllText(config, """{ "Kairos": { "MaxConcurrency": 3 } }""");

        var options = Bind(new RunSettings(null, null, null, config));

        Assert.Equal(("plugins", "scripts", true), (options.PluginsPath, options.ScriptsPath, options.ControlApi));
    }

    [Fact]
    public void Configure_LetsTheConfigFileTurnThemOff_AsTheLowestLayer()
    {
        using var dir = new TempDirectory();
        var config = dir.File("kairos.json");
        File.WriteAllText(config, """{ "Kairos": { "PluginsPath": "", "ControlApi": false } }""");

        var options = Bind(new RunSettings(null, "my-scripts", null, config));

        Assert.Equal(("", "my-scripts", false), (options.PluginsPath, options.ScriptsPath, options.ControlApi));
    }

    [Fact]
    public void Configure_SetsWhereHttpListens_FromTheHttpOption()
    {
        using var dir = new TempDirectory();
        var builder = new ConfigurationBuilder();

        HostRunner.Configure(builder, new RunSettings(null, null, null, null) { Http = "http://127.0.0.1:0" });

        Assert.Equal("http://127.0.0.1:0", builder.Build()["Kairos:Http:Urls"]);
    }

    private static KairosOptions Bind(RunSettings settings)
    {
        var builder = new ConfigurationBuilder();
        HostRunner.Configure(builder, settings);
        var options = new KairosOptions();
        builder.Build().GetSection(KairosOptions.SectionName).Bind(options);
        return options;
    }
}
