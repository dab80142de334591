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

    private static KairosOptions Bind(RunSettings settings)
    {
        var builder = new ConfigurationBuilder();
        HostRunner.Configure(builder, settings);
        var options = new KairosOptions();
        builder.Build().GetSection(KairosOptions.SectionName).Bind(options);
        return options;
    }
}
