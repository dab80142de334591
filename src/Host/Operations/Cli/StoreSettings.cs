using Kairos.Host.Hosting;
using Kairos.Host.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Operations.Cli;

/// <summary>
/// Which store the CLI's verbs use: the settings <c>kairos run</c> reads, in its order (<c>kairos.json</c> or
/// <c>--config FILE</c>, <c>KAIROS_*</c> environment variables, then <c>--db</c>, <c>--store</c>, <c>--connection</c>),
/// so a verb given the same settings as the hosts reaches the same store.
/// </summary>
internal sealed record StoreSettings(KairosOptions Kairos, ClusterOptions Cluster)
{
    public static StoreSettings Resolve(string? database, string? configFile, string? store, string? connection)
    {
        if (configFile is { } file && !File.Exists(file))
        {
            throw new OperationException($"config file '{file}' does not exist");
        }
        var builder = new ConfigurationBuilder();
        HostRunner.Configure(builder, new RunSettings(null, null, database, configFile, store, connection));
        IConfigurationRoot configuration;
        try
        {
            configuration = builder.Build();
        }
        catch (Exception e) when (e is InvalidDataException or FormatException)
        {
            throw new OperationException($"settings file '{Path.GetFullPath(configFile ?? "kairos.json")}' cannot be read: {e.Message}");
        }
        var kairos = new KairosOptions();
        var cluster = new ClusterOptions();
        try
        {
            configuration.GetSection(KairosOptions.SectionName).Bind(kairos);
            configuration.GetSection(ClusterOptions.SectionName).Bind(cluster);
        }
        catch (InvalidOperationException e)
        {
            throw new OperationException($"invalid settings: {e.Message}");
        }
        var validation = new KairosOptionsValidator().Validate(null, kairos);
        if (validation.Failed)
        {
            throw new OperationException($"invalid settings: {string.Join("; ", validation.Failures)}");
        }
        return new StoreSettings(kairos, cluster);
    }
}
