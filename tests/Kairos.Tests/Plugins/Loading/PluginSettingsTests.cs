using Kairos.Host.Plugins.Loading;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Plugins.Loading;

public sealed class PluginSettingsTests
{
    [Fact]
    public void For_FlattensThePluginsSection_WithKeysRelativeToIt()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kairos:Plugins:Billing:ApiUrl"] = "https://billing.invalid",
            ["Kairos:Plugins:Billing:Retry:Count"] = "3",
            ["Kairos:Plugins:Other:Key"] = "not mine",
        }).Build();

        var settings = new PluginSettings(configuration).For("Billing");

        Assert.Equal(2, settings.Count);
        Assert.Equal("https://billing.invalid", settings["ApiUrl"]);
        Assert.Equal("3", settings["retry:count"]);
    }

    [Fact]
    public void For_IsEmpty_WithoutConfiguration() => Assert.Empty(new PluginSettings(null).For("Billing"));
}
