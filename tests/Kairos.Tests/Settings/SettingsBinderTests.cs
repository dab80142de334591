using Kairos.Host.Hosting;
using Kairos.Host.Settings;
using Kairos.Host.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Kairos.Tests.Settings;

public sealed class SettingsBinderTests
{
    private static IConfiguration Settings(params (string Key, string Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build();

    [Fact]
    public void Bind_ReadsTheDurationFormsOfScripts_ForTimeSpanSettings()
    {
        var options = new KairosOptions();

        var failures = SettingsBinder.Bind(
            Settings(("Kairos:MisfireThreshold", "90s"), ("Kairos:LeaseDuration", "5m"), ("Kairos:ShutdownGrace", "00:01:30"), ("Kairos:ClaimAhead", "500ms")),
            KairosOptions.SectionName, options);

        Assert.Empty(failures);
        Assert.Equal(TimeSpan.FromSeconds(90), options.MisfireThreshold);
        Assert.Equal(TimeSpan.FromMinutes(5), options.LeaseDuration);
        Assert.Equal(TimeSpan.FromSeconds(90), options.ShutdownGrace);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.ClaimAhead);
    }

    [Fact]
    public void Bind_ReadsEveryKindOfSetting_CaseInsensitively()
    {
        var options = new KairosOptions();

        var failures = SettingsBinder.Bind(
            Settings(("kairos:maxconcurrency", "8"), ("Kairos:ControlApi", "False"), ("Kairos:PluginsPath", ""), ("Kairos:NodeId", "a")),
            KairosOptions.SectionName, options);

        Assert.Empty(failures);
        Assert.Equal(8, options.MaxConcurrency);
        Assert.False(options.ControlApi);
        Assert.Equal("", options.PluginsPath);
        Assert.Equal("a", options.NodeId);
    }

    [Fact]
    public void Bind_NamesTheSettingTheValueAndWhatWasExpected_AndKeepsTheDefault_WhenAValueCannotBeRead()
    {
        var options = new KairosOptions();

        var failures = SettingsBinder.Bind(
            Settings(("Kairos:MisfireThreshold", "abc"), ("Kairos:MaxConcurrency", "many"), ("Kairos:ControlApi", "yes")),
            KairosOptions.SectionName, options);

        Assert.Equal(
            [
                "Kairos:MaxConcurrency is 'many': expected a whole number",
                "Kairos:MisfireThreshold is 'abc': expected a duration such as '90' (seconds), '90s', '500ms', '5m', '2h', '1d' or '00:05:00'",
                "Kairos:ControlApi is 'yes': expected true or false",
            ],
            failures);
        Assert.Equal(TimeSpan.FromSeconds(60), options.MisfireThreshold);
    }

    [Fact]
    public void Bind_ReadsTheClusterSection_WithTheSameForms()
    {
        var options = new ClusterOptions();

        var failures = SettingsBinder.Bind(Settings(("Kairos:Cluster:NodeTimeout", "1m"), ("Kairos:Cluster:MaxClockSkew", "soon")), ClusterOptions.SectionName, options);

        Assert.Equal(TimeSpan.FromMinutes(1), options.NodeTimeout);
        Assert.Equal(["Kairos:Cluster:MaxClockSkew is 'soon': expected a duration such as '90' (seconds), '90s', '500ms', '5m', '2h', '1d' or '00:05:00'"], failures);
    }

    [Theory]
    [InlineData(typeof(KairosOptions), "Kairos")]
    [InlineData(typeof(ClusterOptions), "Kairos:Cluster")]
    public void Bind_HasAReaderForEverySetting(Type type, string section)
    {
        // A setting of a type the binder cannot read would throw at start; this finds it when the setting is added.
        var values = SettingsBinder.Settings(type).Select(p => (section + ":" + p.Name, Sample(p.PropertyType))).ToArray();

        var failures = SettingsBinder.Bind(Settings(values), section, Activator.CreateInstance(type)!);

        Assert.Empty(failures);
    }

    private static string Sample(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(TimeSpan) => "30s",
            var t when t == typeof(int) => "1",
            var t when t == typeof(bool) => "true",
            var t when t.IsEnum => Enum.GetNames(t)[0],
            _ => "text",
        };
}
