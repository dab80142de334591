using Kairos.Host.Hosting;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Hosting;

public sealed class UnknownSettingsTests
{
    private static IReadOnlyList<string> Find(params string[] keys) =>
        UnknownSettings.Find(new ConfigurationBuilder().AddInMemoryCollection(keys.Select(k => new KeyValuePair<string, string?>(k, "1"))).Build());

    [Fact]
    public void Find_NamesTheClosestSetting_WhenAKeyIsMisspelt()
    {
        Assert.Equal(["unknown setting Kairos:MaxConcurency is ignored: did you mean Kairos:MaxConcurrency?"], Find("Kairos:MaxConcurency"));
    }

    [Fact]
    public void Find_ChecksTheClusterSection()
    {
        Assert.Equal(["unknown setting Kairos:Cluster:NodeTimout is ignored: did you mean Kairos:Cluster:NodeTimeout?"], Find("Kairos:Cluster:NodeTimout"));
    }

    [Fact]
    public void Find_ListsTheSettings_WhenNoneIsClose()
    {
        var unknown = Assert.Single(Find("Kairos:Frobnicate:Deep:Key", "Kairos:Frobnicate:Other"));

        Assert.StartsWith("unknown setting Kairos:Frobnicate is ignored: Kairos has DatabasePath, CreateStore, Store,", unknown);
        Assert.EndsWith(", Cluster, Plugins, Listeners, Notifications, Http, Telemetry, Calendars, Watchdog", unknown);
    }

    [Fact]
    public void Find_AcceptsEverySetting_PluginSettingsAndOtherSections()
    {
        Assert.Empty(Find(
            "Kairos:maxconcurrency", "Kairos:MisfireThreshold", "Kairos:Cluster:NodeTimeout",
            "Kairos:Plugins:Billing:ApiUrl", "Kairos:Plugins:Billing:Retry:Count", "Logging:LogLevel:Default", "Other:Key",
            "Kairos:Listeners:QueueCapacity", "Kairos:Notifications:Webhooks:0:Url", "Kairos:Notifications:Webhooks:0:Headers:Authorization"));
    }

    [Fact]
    public void Find_AcceptsJobOverrides_ForAnyJobIdAndTriggerKey()
    {
        Assert.Empty(Find(
            "Kairos:Jobs:billing.sync:Enabled", "Kairos:Jobs:billing.sync:PauseAfterFailures", "Kairos:Jobs:other:Timeout",
            "Kairos:Jobs:billing.sync:Triggers:nightly:Cron", "Kairos:Jobs:billing.sync:Triggers:poll:Interval"));
    }

    [Fact]
    public void Find_NamesTheClosestKey_WhenAJobOverrideIsMisspelt()
    {
        Assert.Equal(
            [
                "unknown setting Kairos:Jobs:billing.sync:Enabeld is ignored: did you mean Kairos:Jobs:billing.sync:Enabled?",
                "unknown setting Kairos:Jobs:billing.sync:Triggers:nightly:Corn is ignored: did you mean Kairos:Jobs:billing.sync:Triggers:nightly:Cron?",
            ],
            Find("Kairos:Jobs:billing.sync:Enabeld", "Kairos:Jobs:billing.sync:Triggers:nightly:Corn"));
    }
}
