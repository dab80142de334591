using Kairos.Host.Hosting;
using Kairos.Host.Operations;
using Kairos.Host.Settings;
using Kairos.Host.Storage.Postgres;
using Microsoft.Extensions.Configuration;

namespace Kairos.Host.Cli;

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
        var configuration = SettingsFile.Read(Path.GetFullPath(configFile ?? "kairos.json"), builder.Build);
        foreach (var unknown in UnknownSettings.Find(configuration))
        {
            Console.Error.WriteLine($"kairos: warning: {unknown}");
        }
        var kairos = new KairosOptions();
        var cluster = new ClusterOptions();
        var problems = SettingsBinder.Bind(configuration, KairosOptions.SectionName, kairos)
            .Concat(SettingsBinder.Bind(configuration, ClusterOptions.SectionName, cluster))
            .ToList();
        if (problems.Count == 0)
        {
            problems.AddRange(new KairosOptionsValidator().Validate(null, kairos).Failures ?? []);
            problems.AddRange(new ClusterOptionsValidator().Validate(null, cluster).Failures ?? []);
        }
        if (problems.Count > 0)
        {
            throw new SettingsException(problems);
        }
        return new StoreSettings(kairos, cluster);
    }
}
