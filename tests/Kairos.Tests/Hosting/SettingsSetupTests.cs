using Kairos.Host.Hosting;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Hosting;

/// <summary>An embedding application's configuration reaches <see cref="KairosOptions"/> as <c>kairos run</c>'s does.</summary>
public sealed class SettingsSetupTests
{
    private static IHost Build(TempDirectory dir, params (string Key, string Value)[] settings)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)));
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = dir.File("app.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
        });
        return builder.Build();
    }

    [Fact]
    public void AddKairos_ReadsDurationForms_FromConfiguration()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir, ("Kairos:MisfireThreshold", "90s"), ("Kairos:Cluster:NodeTimeout", "2m"));

        Assert.Equal(TimeSpan.FromSeconds(90), host.Services.GetRequiredService<IOptions<KairosOptions>>().Value.MisfireThreshold);
        Assert.Equal(TimeSpan.FromMinutes(2), host.Services.GetRequiredService<IOptions<Kairos.Host.Storage.Postgres.ClusterOptions>>().Value.NodeTimeout);
    }

    [Fact]
    public async Task Start_FailsNamingTheSettingAndTheValue_WhenAValueCannotBeRead()
    {
        using var dir = new TempDirectory();
        using var host = Build(dir, ("Kairos:MisfireThreshold", "abc"));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Equal(["Kairos:MisfireThreshold is 'abc': expected a duration such as '90' (seconds), '90s', '500ms', '5m', '2h', '1d' or '00:05:00'"], error.Failures);
    }
}
