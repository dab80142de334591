using Kairos.Host.Hosting;
using Kairos.Host.Operations.Endpoint;
using Kairos.Host.Scripts.Status;
using Kairos.Tests.Fakes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Kairos.Tests.Hosting;

public sealed class EmbeddingTests
{
    [Fact]
    public async Task AddKairos_RunsAnAppJobInAnyGenericHost_WithItsServicesInjected()
    {
        using var dir = new TempDirectory();
        var probe = new JobProbe();
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(probe);
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = dir.File("app.db");
            o.PluginsPath = "";
            o.ScriptsPath = "";
            o.ControlApi = false;
        }).AddJob<RetryJob>();
        using var host = builder.Build();
        await host.StartAsync();

        host.Services.GetOperations().Trigger("test.retry");
        var context = await probe.NextStartAsync();

        Assert.Equal("test.retry", context.JobId);
        await host.StopAsync();
    }

    [Fact]
    public async Task AddKairos_LoadsNoPluginsOrScriptsAndOpensNoPort_UnlessTheAppTurnsThemOn()
    {
        using var dir = new TempDirectory();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = dir.Path });
        builder.Services.AddKairos(o => o.DatabasePath = dir.File("app.db"));
        using var host = builder.Build();
        await host.StartAsync();

        var options = host.Services.GetRequiredService<IOptions<KairosOptions>>().Value;
        Assert.Equal(("", ""), (options.PluginsPath, options.ScriptsPath));
        Assert.False(host.Services.GetRequiredService<ScriptStatusBoard>().Snapshot().Enabled);
        // The web server is Kairos.AspNetCore's, added only by AddKairosHttpServer: no endpoint file, no port.
        Assert.DoesNotContain(host.Services.GetServices<IHostedService>(), s => s.GetType().Namespace!.StartsWith("Kairos.Web", StringComparison.Ordinal));
        Assert.False(File.Exists(ControlEndpoint.FileFor(dir.File("app.db"))));
        await host.StopAsync();
    }

    [Fact]
    public void Options_NameTheSettingAndTheValue_WhenInvalid()
    {
        var result = new KairosOptionsValidator().Validate(null, new KairosOptions
        {
            MaxConcurrency = -1, LeaseDuration = TimeSpan.Zero, RecordBatchWindow = TimeSpan.FromSeconds(2),
        });

        Assert.True(result.Failed);
        Assert.Contains("Kairos:MaxConcurrency is -1", result.FailureMessage);
        Assert.Contains("Kairos:LeaseDuration is '00:00:00'", result.FailureMessage);
        Assert.Contains("Kairos:RecordBatchWindow is '00:00:02'", result.FailureMessage);
    }

    [Fact]
    public async Task Start_FailsWithTheSetting_WhenOptionsAreInvalid()
    {
        using var dir = new TempDirectory();
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddKairos(o =>
        {
            o.DatabasePath = dir.File("app.db");
            o.MisfireThreshold = TimeSpan.FromSeconds(-1);
        });
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains("Kairos:MisfireThreshold", error.Message);
    }
}
