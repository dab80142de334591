using Kairos.ClusterHost;
using Kairos.Host.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

// Usage: Kairos.ClusterHost --store postgres --connection CS --db FILE --jobs v1|v2|none [--Kairos:Setting=value ...]
// The options mean what they mean to `kairos run`; --jobs picks the version of cluster.upgrade this host has.
var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = Directory.GetCurrentDirectory() });
builder.Configuration.AddCommandLine(args, new Dictionary<string, string>
{
    ["--store"] = "Kairos:Store",
    ["--connection"] = "Kairos:ConnectionString",
    ["--db"] = "Kairos:DatabasePath",
    ["--jobs"] = "ClusterHost:Jobs",
});
builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
builder.Logging.AddSimpleConsole(o =>
{
    o.SingleLine = true;
    o.TimestampFormat = "HH:mm:ss.fff ";
    o.UseUtcTimestamp = true;
});
var kairos = builder.Services.AddKairos(o =>
{
    o.PluginsPath = "";
    o.ScriptsPath = "";
});
kairos.AddJob<TickJob>().AddJob<SlowJob>();
switch (builder.Configuration["ClusterHost:Jobs"] ?? "v1")
{
    case "v1":
        kairos.AddJob<UpgradeJobV1>();
        break;
    case "v2":
        kairos.AddJob<Kairos.ClusterJobs.V2.UpgradeJob>();
        break;
    default:
        break;
}
using var host = builder.Build();
await host.RunAsync();
